/** Red team: anonymous readers flooding GET /stream (issue 24, item 1), against the real Node server. */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { testDb } from '../../db/testing/db.ts'
import { busFor } from './bus.ts'
import { serveTestApp, sseClient, type SseClient } from './test-server.ts'

const DEFAULTS = loadConfig({}).stream

/** Resolves once `cond` holds, checking after every turn of the event loop; fails after `ms`. */
async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

const issueFrames = (text: string) => [...text.matchAll(/^event: issue$/gm)].length

describe('stream floods (red team)', () => {
  it('200 parallel anonymous replays from one address: the default per-address share is served, each a bounded reset, the rest 429', async () => {
    const db = await testDb()
    const [{ n: events }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_events')
    expect(events).toBeGreaterThan(DEFAULTS.replayPublic) // otherwise the replay would not be capped
    const { port, close } = await serveTestApp()
    const clients: SseClient[] = []
    try {
      const all = await Promise.all(Array.from({ length: 200 }, () => sseClient(port, '/api/v1/stream?last_event_id=1&heartbeat_ms=60000')))
      clients.push(...all)
      const served = all.filter((s) => s.status === 200)
      const refused = all.filter((s) => s.status !== 200)
      expect(served.length).toBe(DEFAULTS.maxPerAddress)
      expect(refused.length).toBe(200 - DEFAULTS.maxPerAddress)
      for (const r of refused) {
        expect(r.status).toBe(429)
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0)
        expect(JSON.parse(await r.waitFor(/}$/))).toMatchObject({ error: { code: 'too_many_streams' } })
      }
      // Each served stream gets one reset to the latest event instead of thousands of old ones.
      const [{ id: latest }] = await db.query<{ id: string }>('SELECT max(id) AS id FROM issue_events')
      for (const s of served) {
        const text = await s.waitFor(/event: reset\ndata: .*\n\n/)
        expect(text).toContain(`id: ${latest}\nevent: reset`)
        expect(issueFrames(text)).toBe(0)
        expect(Buffer.byteLength(text)).toBeLessThan(1024)
      }
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
      expect(health.status).toBe(200)
    } finally {
      for (const c of clients) c.destroy()
      await close()
    }
  })

  it('limits open streams per address and in total, and frees a slot when a stream closes', async () => {
    const { port, close } = await serveTestApp({ STREAM_MAX_PER_ADDRESS: '2', STREAM_MAX_TOTAL: '3' })
    const open = (from: string) => sseClient(port, '/api/v1/stream?heartbeat_ms=60000', {}, from)
    const clients: SseClient[] = []
    try {
      const a = await Promise.all([open('127.0.0.1'), open('127.0.0.1'), open('127.0.0.1')])
      clients.push(...a)
      expect(a.map((s) => s.status).sort()).toEqual([200, 200, 429])
      const b = await open('127.0.0.2')
      clients.push(b)
      expect(b.status).toBe(200)
      const c = await open('127.0.0.3')
      clients.push(c)
      expect(c.status).toBe(503)
      expect(c.headers['retry-after']).toBeDefined()
      expect(JSON.parse(await c.waitFor(/}$/))).toMatchObject({ error: { code: 'server_busy' } })
      // Closing one frees its slot once the server has seen the close.
      const bus = busFor(await testDb())
      const before = bus.size
      b.destroy()
      await until(() => bus.size === before - 1)
      const d = await open('127.0.0.3')
      clients.push(d)
      expect(d.status).toBe(200)
    } finally {
      for (const s of clients) s.destroy()
      await close()
    }
  })

  it('drops a client that stops reading once STREAM_BUFFER_BYTES wait for it; the queue never grows past that', async () => {
    const bufferBytes = 128 * 1024
    const { server, port, close } = await serveTestApp({ STREAM_BUFFER_BYTES: String(bufferBytes) })
    const sockets: net.Socket[] = []
    server.on('connection', (s) => sockets.push(s))
    const bus = busFor(await testDb())
    // A raw client that sends its request and then never reads (a wall display on dead Wi-Fi).
    const client = net.connect({ host: '127.0.0.1', port })
    client.on('error', () => {})
    client.write('GET /api/v1/stream?heartbeat_ms=60000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    client.pause()
    try {
      // Headers and the opening retry: frame go out in the tick the session subscribes.
      await until(() => sockets.length === 1 && sockets[0].bytesWritten > 0)
      const conn = sockets[0]
      const [street] = await (await testDb()).query<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 1')
      const pad = 'x'.repeat(64 * 1024)
      let maxQueued = 0
      let pushed = 0
      // Up to 32 MiB of KPI messages, far more than the kernel's socket buffers take in.
      for (; pushed < 512 && !conn.destroyed; pushed++) {
        bus.publish({ street: street.id, event: 'kpi', data: { pad } })
        maxQueued = Math.max(maxQueued, conn.writableLength)
        await new Promise((r) => setImmediate(r))
      }
      expect(conn.destroyed).toBe(true) // dropped before the pushes ran out
      expect(maxQueued).toBeLessThanOrEqual(bufferBytes + pad.length + 100)
    } finally {
      client.destroy()
      await close()
    }
  })
})
