import { describe, expect, it } from 'vitest'
import { report, step } from '../issues/test-helpers.ts'
import { serveTestApp, sseClient } from './test-server.ts'

describe('GET /api/v1/stream under the Node server (direct socket writes)', () => {
  it('replays after Last-Event-ID, then delivers live, with heartbeats', async () => {
    const { port, close } = await serveTestApp()
    try {
      const created = (await report()).body
      const first = created.properties.events[0].id as number
      await step(created.id, { action: 'assign' })
      const s = await sseClient(port, '/api/v1/stream?heartbeat_ms=50', { 'Last-Event-ID': String(first) })
      expect(s.headers['content-type']).toContain('text/event-stream')
      // The replayed assign shows the session is subscribed: what is committed now arrives live.
      await s.waitFor(/"action":"assign"/)
      await step(created.id, { action: 'start' })
      const text = await s.waitFor(/"action":"start"[\s\S]*: heartbeat/)
      s.destroy()
      const mine = [...text.matchAll(/"issue_id":(\d+),[^\n]*"action":"(\w+)"/g)].filter((m) => Number(m[1]) === created.id).map((m) => m[2])
      expect(mine).toEqual(['assign', 'start'])
      expect(text).toMatch(/^retry: 3000/)
    } finally {
      await close()
    }
  })
})
