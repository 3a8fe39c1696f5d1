import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { report, step } from '../issues/test-helpers.ts'

interface Frame {
  id?: number
  event?: string
  data?: Record<string, unknown>
  comment?: string
}

/** Opens the stream and returns a reader of parsed SSE frames. */
async function open(headers: Record<string, string> = {}, query = 'heartbeat_ms=100') {
  const app = await testApp()
  const res = await app.request(`/api/v1/stream?${query}`, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  const frames: Frame[] = []
  /** Waits for a frame matching `pred`, failing after `ms`. */
  async function next(pred: (f: Frame) => boolean, ms = 2000): Promise<Frame> {
    const deadline = Date.now() + ms
    for (;;) {
      const hit = frames.findIndex(pred)
      if (hit >= 0) return frames.splice(0, hit + 1)[hit]
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no matching frame in time')
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))])
      if (!chunk || chunk.done) continue
      buf += dec.decode(chunk.value, { stream: true })
      let cut
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut)
        buf = buf.slice(cut + 2)
        const f: Frame = {}
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) f.comment = line.slice(1).trim()
          else if (line.startsWith('id: ')) f.id = Number(line.slice(4))
          else if (line.startsWith('event: ')) f.event = line.slice(7)
          else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6))
        }
        frames.push(f)
      }
    }
  }
  return { next, close: () => reader.cancel() }
}

describe('GET /api/v1/stream', () => {
  it('delivers a created issue and its transitions within 2 s, then a KPI update', async () => {
    await report() // warm the worker's database so the clock below measures delivery, not start-up
    const s = await open()
    const t0 = Date.now()
    const id = (await report()).body.id
    const created = await s.next((f) => f.event === 'issue' && f.data?.issue_id === id)
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(created.data!.action).toBe('report')
    expect(created.id).toBeGreaterThan(0)
    await step(id, { action: 'assign' })
    const assigned = await s.next((f) => f.event === 'issue' && f.data?.issue_id === id)
    expect(assigned.data).toMatchObject({ action: 'assign', from: 'reported', to: 'assigned', status: 'assigned' })
    expect(assigned.id).toBeGreaterThan(created.id!)
    const kpi = await s.next((f) => f.event === 'kpi')
    expect(kpi.data!.total).toBeGreaterThan(0)
    expect(kpi.data).toHaveProperty('rectification_rate')
    await s.close()
  })

  it('sends heartbeat comments', async () => {
    const s = await open()
    const hb = await s.next((f) => f.comment?.startsWith('heartbeat') === true, 1000)
    expect(hb.comment).toMatch(/^heartbeat \d+$/)
    await s.close()
  })

  it('replays what a client missed after Last-Event-ID, in order, without duplicates', async () => {
    const s = await open()
    const id = (await report()).body.id
    const first = await s.next((f) => f.data?.issue_id === id)
    await s.close()
    await step(id, { action: 'assign' }) // while disconnected
    await step(id, { action: 'start' })
    const again = await open({ 'Last-Event-ID': String(first.id) })
    const a = await again.next((f) => f.data?.issue_id === id)
    const b = await again.next((f) => f.data?.issue_id === id)
    expect([a.data!.action, b.data!.action]).toEqual(['assign', 'start'])
    expect(a.id!).toBeGreaterThan(first.id!)
    await step(id, { action: 'rectify', note: '好了' }) // live after the replay
    const c = await again.next((f) => f.data?.issue_id === id)
    expect(c.data!.action).toBe('rectify')
    await expect(again.next((f) => f.data?.issue_id === id, 400)).rejects.toThrow('no matching frame')
    await again.close()
    const viaQuery = await open({}, `heartbeat_ms=100&last_event_id=${first.id}`)
    expect((await viaQuery.next((f) => f.data?.issue_id === id)).data!.action).toBe('assign')
    await viaQuery.close()
  })
})
