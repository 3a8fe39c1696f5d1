import { serve } from '@hono/node-server'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { report, step } from '../issues/test-helpers.ts'

/** Collects the raw SSE text of a stream served by the real Node server until `until` matches. */
function collect(port: number, headers: Record<string, string>, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/stream?heartbeat_ms=50', headers }, (res) => {
      expect(res.headers['content-type']).toContain('text/event-stream')
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        if (until.test(text)) {
          req.destroy()
          resolve(text)
        }
      })
    })
    req.on('error', reject)
    setTimeout(() => reject(new Error('timeout')), 3000)
  })
}

describe('GET /api/v1/stream under the Node server (direct socket writes)', () => {
  it('replays after Last-Event-ID, then delivers live, with heartbeats', async () => {
    const app = await testApp()
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    const port = (server.address() as AddressInfo).port
    try {
      const created = (await report()).body
      const first = created.properties.events[0].id as number
      await step(created.id, { action: 'assign' })
      const live = collect(port, { 'Last-Event-ID': String(first) }, /"action":"start"[\s\S]*: heartbeat/)
      await new Promise((r) => setTimeout(r, 200))
      await step(created.id, { action: 'start' })
      const text = await live
      const mine = [...text.matchAll(/"issue_id":(\d+),[^\n]*"action":"(\w+)"/g)].filter((m) => Number(m[1]) === created.id).map((m) => m[2])
      expect(mine).toEqual(['assign', 'start'])
      expect(text).toMatch(/^retry: 3000/)
    } finally {
      server.close()
    }
  })
})
