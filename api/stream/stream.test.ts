import { describe, expect, it } from 'vitest'
import { openStream as open } from './test-reader.ts'
import { report, step } from '../issues/test-helpers.ts'

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
    // Nothing of this issue comes twice: everything up to a later issue's report is of others.
    const marker = (await report()).body.id
    const between = await again.upTo((f) => f.data?.issue_id === marker)
    expect(between.filter((f) => f.data?.issue_id === id)).toEqual([])
    await again.close()
    const viaQuery = await open({}, `heartbeat_ms=100&last_event_id=${first.id}`)
    expect((await viaQuery.next((f) => f.data?.issue_id === id)).data!.action).toBe('assign')
    await viaQuery.close()
  })
})
