/**
 * 回访: recorded once per closing of a closed or answered issue; dissatisfied reopens it through the
 * loop's reopen step (both on the timeline); /indicators' 回访满意率 and 12345 按时办结率 agree with
 * rates counted here from the callbacks this test made and from the issues read with plain SQL.
 */
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, step, type Json } from '../issues/test-helpers.ts'

/** A problem reported at `at` (after 2026-11-01, outside engines.test.ts's window; a day no other test uses), brought to 销号 (or 答复). */
async function closedIssue(at: string, end: 'approve' | 'answer' = 'approve', extra: Json = {}): Promise<number> {
  const [lon, lat] = await pointInside(1)
  const r = await send(
    'POST',
    '/api/v1/issues',
    { lon, lat, category: 'clutter', description: '回访测试', reported_at: at, ...extra },
    await cookieOf('leader'),
  )
  expect(r.status).toBe(201)
  const id = r.body.id as number
  expect((await step(id, { action: 'assign' })).status).toBe(200)
  if (end === 'answer') expect((await step(id, { action: 'answer', note: '客观无法整改' })).status).toBe(200)
  else {
    expect((await step(id, { action: 'rectify', note: '已清理' })).status).toBe(200)
    expect((await step(id, { action: 'approve' })).status).toBe(200)
  }
  return id
}

const callback = async (id: number, body: Json, as = 'inspector') => send('POST', `/api/v1/issues/${id}/callback`, body, await cookieOf(as))

describe('POST /api/v1/issues/:id/callback', () => {
  it('satisfied: on the timeline, once per closing; an open issue cannot be called back', async () => {
    const id = await closedIssue('2026-11-04T03:01:00+08:00')
    const r = await callback(id, { satisfaction: 'satisfied', note: '群众满意' })
    expect(r.status).toBe(201)
    expect(r.body.properties.status).toBe('closed')
    const last = r.body.properties.events.at(-1)
    expect(last).toMatchObject({ action: 'callback', note: '群众满意', data: { satisfaction: 'satisfied' } })
    expect((await callback(id, { satisfaction: 'dissatisfied' })).status).toBe(409)
    const [lon, lat] = await pointInside(1)
    const open = await send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: '未办结' }, await cookieOf('leader'))
    const refused = await callback(open.body.id, { satisfaction: 'satisfied' })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('not_closed')
    expect((await callback(id, { satisfaction: 'meh' })).status).toBe(400)
    expect((await callback(id, { satisfaction: 'satisfied' }, 'grid01')).status).toBe(403)
  })

  it('dissatisfied reopens the issue (整改中, a new deadline), and the next closing can be called back again', async () => {
    const id = await closedIssue('2026-11-04T03:02:00+08:00', 'answer')
    const r = await callback(id, { satisfaction: 'dissatisfied', note: '问题依旧' })
    expect(r.status).toBe(201)
    expect(r.body.properties.status).toBe('rectifying')
    const actions = r.body.properties.events.map((e: Json) => e.action)
    expect(actions.slice(-2)).toEqual(['callback', 'reopen'])
    expect(r.body.properties.events.at(-1).note).toContain('回访不满意')
    expect((await step(id, { action: 'rectify', note: '再次整改' })).status).toBe(200)
    expect((await step(id, { action: 'approve' })).status).toBe(200)
    expect((await callback(id, { satisfaction: 'basically_satisfied' })).status).toBe(201)
  })

  it('/indicators: callback_satisfaction_rate and the 12345 on-time rate, counted independently', async () => {
    const win = '&from=2026-11-05T00:00:00%2B08:00&to=2026-11-06T00:00:00%2B08:00'
    const answers = ['satisfied', 'basically_satisfied', 'dissatisfied', 'satisfied'] as const
    for (const [k, s] of answers.entries()) {
      const id = await closedIssue(`2026-11-05T0${k + 1}:00:00+08:00`, 'approve', { source: 'hotline_12345' })
      expect((await callback(id, { satisfaction: s })).status).toBe(201)
    }
    const got = await send('GET', `/api/v1/indicators?by=street${win}`, undefined, await cookieOf('leader'))
    expect(got.status).toBe(200)
    const row = got.body.rows[0]
    // every callback of the window is one of ours (the seed has none): 3 of 4 satisfied or basically
    expect(row.callbacks).toBe(4)
    expect(row.callback_satisfaction_rate).toBeCloseTo(3 / 4, 10)
    const db = await testDb()
    const issues = await db.query<{ status: string; deadline: Date; closed_at: Date | null }>(
      `SELECT status, deadline, closed_at FROM issues
       WHERE source = 'hotline_12345' AND merged_into IS NULL AND reported_at >= '2026-11-05T00:00:00+08:00' AND reported_at < '2026-11-06T00:00:00+08:00'`,
    )
    const now = new Date('2026-11-20T10:00:00+08:00')
    const due = issues.filter((i) => i.deadline < now || i.status === 'closed' || i.status === 'answered')
    const deferred = issues.filter((i) => i.status === 'answered').length
    const onTime = issues.filter((i) => i.status === 'closed' && i.closed_at! <= i.deadline).length
    expect(due.length - deferred).toBeGreaterThan(0)
    expect(row.hotline_on_time_rate).toBeCloseTo(onTime / (due.length - deferred), 10)
  })
})
