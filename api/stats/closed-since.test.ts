/**
 * /stats/summary?closed_since: the wall display's 本周销号. Counted by closing time, whatever the
 * reporting time; checked against a different formulation (the closing events of the timeline) and
 * by closing an issue reported weeks earlier and merging a duplicate.
 */
import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { report, step } from '../issues/test-helpers.ts'
import { ACTIONS } from '../issues/states.ts'

type Summary = { total: number; closed_since: number | null }
const WEEK = '2026-11-16' // Monday of TEST_NOW's week

/**
 * Issues whose latest status-changing event is an approval (销号) at or after `since`, from the
 * timeline alone (events that change no status, such as a 回访 callback, do not count).
 */
async function closedByEvents(since: string, until = '9999-01-01T00:00:00+08:00'): Promise<number> {
  const db = await testDb()
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
     FROM (SELECT DISTINCT ON (issue_id) issue_id, action, at
           FROM issue_events WHERE street_id = (SELECT min(id) FROM streets) AND action = ANY ($3::text[])
           ORDER BY issue_id, at DESC, id DESC) last
     WHERE last.action = 'approve' AND last.at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND last.at <= $2::timestamptz`,
    [since, until, [...ACTIONS]],
  )
  return r.n
}

describe('GET /api/v1/stats/summary?closed_since', () => {
  it('is absent (null) unless asked for', async () => {
    const { status, body } = await getJson<Summary>('/api/v1/stats/summary')
    expect(status).toBe(200)
    expect(body.closed_since).toBeNull()
  })

  it('counts what the timeline says was closed since then, and follows a closing and a merge', async () => {
    const before = (await getJson<Summary>(`/api/v1/stats/summary?closed_since=${WEEK}`)).body.closed_since
    expect(before).toBe(await closedByEvents(WEEK))

    // Reported two weeks earlier, closed now: counted this week. (Not before 2026-11-01: that window
    // is kept free of test writes for engines.test.ts.)
    const old = await report({ reported_at: '2026-11-02T09:00' })
    expect(old.status).toBe(201)
    const id = old.body.id as number
    // A duplicate merged into it is closed too, but is not a case of its own.
    const dup = await report()
    expect((await step(dup.body.id, { action: 'merge', target_id: id })).status).toBe(200)
    for (const action of ['assign', 'rectify', 'approve']) expect((await step(id, { action, note: '测试' })).status).toBe(200)

    const after = await getJson<Summary>(`/api/v1/stats/summary?closed_since=${WEEK}`)
    expect(after.body.closed_since).toBe((before ?? 0) + 1)
    expect(after.body.closed_since).toBe(await closedByEvents(WEEK))
    // The reported-at window does not narrow it: the issue reported on 11-02 is still counted.
    const windowed = await getJson<Summary>(`/api/v1/stats/summary?from=${WEEK}&closed_since=${WEEK}`)
    expect(windowed.body.closed_since).toBe(after.body.closed_since)
    expect(windowed.body.total).toBeLessThan((await getJson<Summary>('/api/v1/stats/summary')).body.total)

    // As it stood an hour before this closing (TEST_NOW): the closing just made is not yet counted.
    const asOf = '2026-11-20T09:00:00+08:00'
    const then = await getJson<Summary>(`/api/v1/stats/summary?closed_since=${WEEK}&as_of=${encodeURIComponent(asOf)}`)
    expect(then.status).toBe(200)
    expect(then.body.closed_since).toBe(await closedByEvents(WEEK, asOf))
    expect(then.body.closed_since).toBeLessThan(after.body.closed_since ?? 0)
  })

  it('refuses a malformed date and unknown parameters', async () => {
    expect((await getJson('/api/v1/stats/summary?closed_since=2026-02-30')).status).toBe(400)
    expect((await getJson('/api/v1/stats/summary?closed_sinc=2026-02-01')).status).toBe(400)
  })
})
