import { describe, expect, it } from 'vitest'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { report, send, step, type Json } from './test-helpers.ts'

const actions = (b: Json) => (b.properties.events as { action: string }[]).map((e) => e.action)

describe('the closed loop through the API', () => {
  it('normal path: report → assign (notice) → start → rectify → approve, each step an event', async () => {
    const { status, body } = await report({}, 0, 'grid01')
    expect(status).toBe(201)
    const id = body.id as number
    expect(body.properties.status).toBe('reported')
    expect(body.properties.notice_no).toBeNull()
    const a = await step(id, { action: 'assign' }, 'admin')
    expect(a.status).toBe(200)
    expect(a.body.properties.notice_no).toMatch(/^东塘〔2026〕\d{4}号$/)
    for (const action of ['start', 'rectify', 'approve']) {
      const r = await step(id, { action, note: `${action} 说明` })
      expect(r.status).toBe(200)
    }
    const { body: done } = await send('GET', `/api/v1/issues/${id}`)
    expect(done.properties.status).toBe('closed')
    expect(done.properties.closed_at).toBe('2026-11-20T10:00:00+08:00')
    expect(actions(done)).toEqual(['report', 'assign', 'start', 'rectify', 'approve'])
    expect(done.properties.events.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'reported'],
      ['reported', 'assigned'],
      ['assigned', 'rectifying'],
      ['rectifying', 'rectified'],
      ['rectified', 'closed'],
    ])
    // every event names the signed-in account that took the step
    expect(done.properties.events.map((e: { actor: string }) => e.actor)).toEqual(['grid01', 'admin', 'leader', 'leader', 'inspector'])
    expect(done.properties.reporter).toBe('grid01')
    expect(done.properties.version).toBe(5)
  })

  it('返工 path: a failed 回头看 sends it back to 整改中 and counts one rework', async () => {
    const id = (await report()).body.id as number
    await step(id, { action: 'assign' })
    expect((await step(id, { action: 'rectify' })).body.error.code).toBe('evidence_required')
    await step(id, { action: 'rectify', note: '已清理' })
    const rej = await step(id, { action: 'reject', note: '仍有杂物' })
    expect(rej.body.properties.status).toBe('rectifying')
    expect(rej.body.properties.rework_count).toBe(1)
    await step(id, { action: 'rectify', note: '再次清理' })
    const ok = await step(id, { action: 'approve' })
    expect(ok.body.properties.status).toBe('closed')
    expect(ok.body.properties.rework_count).toBe(1)
    expect(actions(ok.body)).toEqual(['report', 'assign', 'rectify', 'reject', 'rectify', 'approve'])
  })

  it('答复 path needs a written reason; reopen keeps the history and clears closed_at', async () => {
    const id = (await report()).body.id as number
    await step(id, { action: 'assign' })
    const noReason = await step(id, { action: 'answer' })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.code).toBe('reason_required')
    const ans = await step(id, { action: 'answer', note: '产权不明，客观无法整改' })
    expect(ans.body.properties.status).toBe('answered')
    expect(ans.body.properties.closed_at).not.toBeNull()
    const re = await step(id, { action: 'reopen', note: '问题复发' })
    expect(re.status).toBe(200)
    expect(re.body.properties.status).toBe('rectifying')
    expect(re.body.properties.closed_at).toBeNull()
    expect(actions(re.body)).toEqual(['report', 'assign', 'answer', 'reopen'])
    // the fresh deadline of 3 working days runs from the reopen on Friday 2026-11-20 → Wednesday 17:30
    expect(re.body.properties.deadline).toBe('2026-11-25T17:30:00+08:00')
  })

  it('refuses illegal transitions with 409 naming the current state, and stale versions', async () => {
    const id = (await report()).body.id as number
    const r = await step(id, { action: 'approve' })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('illegal_transition')
    expect(r.body.error.message).toContain('reported')
    const stale = await step(id, { action: 'assign', version: 7 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('version_conflict')
    const fresh = await step(id, { action: 'assign', version: 1 })
    expect(fresh.status).toBe(200)
    expect(fresh.body.properties.version).toBe(2)
    expect((await step(id, { action: 'reopen' })).status).toBe(409)
    expect((await step(999999999, { action: 'assign' })).status).toBe(404)
    expect((await step(id, { action: 'fly' })).status).toBe(400)
    const { body } = await send('GET', `/api/v1/issues/${id}`)
    expect(actions(body)).toEqual(['report', 'assign'])
  })

  it('numbers 整改通知单 per street and year without reuse, above what the seed used', async () => {
    const db = await testDb()
    const [{ last_no: before }] = await db.query<{ last_no: number }>('SELECT last_no FROM notice_counters WHERE year = 2026')
    const ids = [(await report()).body.id, (await report()).body.id]
    const nos = []
    for (const id of ids) nos.push((await step(id, { action: 'assign' })).body.properties.notice_no)
    const seq = nos.map((n: string) => Number(n.match(/〔2026〕(\d{4})号/)![1]))
    expect(seq[0]).toBeGreaterThan(before)
    expect(seq[1]).toBe(seq[0] + 1)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE notice_no = ANY ($1)', [nos])
    expect(n).toBe(2)
  })

  it('stamps the time of the step from the server clock', async () => {
    const id = (await report()).body.id as number
    const r = await step(id, { action: 'assign' })
    expect(Date.parse(r.body.properties.events[1].at)).toBe(TEST_NOW.getTime())
  })
})
