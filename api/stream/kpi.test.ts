/**
 * The live KPIs (kpi.sql) read the street's all-time rollup rows and the open issues' index: they
 * must equal a plain count over the street's issues, in JavaScript, through random reports,
 * transitions, new deadlines and deletes.
 */
import { describe, expect, it } from 'vitest'
import { rolledBack, type Queryable } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { insertRandomIssues, STATUSES } from '../../db/testing/random-issues.ts'
import { makeRng } from '../../fixtures/prng.ts'
import { kpis } from './kpi.ts'

const OPEN = ['reported', 'assigned', 'rectifying', 'rectified']

/** The KPIs counted over the issue list itself. */
async function counted(q: Queryable, street: number, now: Date) {
  const rows = await q.query<{ status: string; deadline: Date | null }>('SELECT status, deadline FROM issues WHERE street_id = $1', [street])
  const n = (f: (r: { status: string; deadline: Date | null }) => boolean) => rows.filter(f).length
  const k = {
    total: rows.length,
    open: n((r) => OPEN.includes(r.status)),
    overdue: n((r) => OPEN.includes(r.status) && r.deadline !== null && r.deadline < now),
    closed: n((r) => r.status === 'closed'),
    answered: n((r) => r.status === 'answered'),
  }
  const denom = k.closed + k.answered + k.overdue
  return { ...k, rectification_rate: denom ? k.closed / denom : null }
}

describe('the live KPIs', () => {
  it('equal a count over the issues through random writes, at several instants', async () => {
    const db = await testDb()
    const r = makeRng(20261207)
    await rolledBack(db.tx, async (q) => {
      const instants = [new Date('2031-01-01T00:00:00Z'), new Date('2031-03-15T04:00:00Z'), new Date('2031-07-01T00:00:00Z')]
      const check = async (when: string) => {
        for (const now of instants) expect(await kpis(q, 1, now), `${when} at ${now.toISOString()}`).toEqual(await counted(q, 1, now))
      }
      await check('as seeded')
      for (let batch = 0; batch < 3; batch++) await insertRandomIssues(q, r, 80, 2000 + batch)
      await check('after reports')
      const ids = (await q.query<{ id: number }>('SELECT id FROM issues WHERE street_id = 1 ORDER BY id')).map((x) => x.id)
      for (let k = 0; k < 20; k++) await q.query('UPDATE issues SET status = $2 WHERE street_id = 1 AND id = $1', [r.pick(ids), r.pick(STATUSES)])
      await q.query(`UPDATE issues SET deadline = deadline - interval '40 days' WHERE street_id = 1 AND id = ANY ($1)`, [
        Array.from({ length: 30 }, () => r.pick(ids)),
      ])
      await check('after transitions and new deadlines')
      const gone = Array.from({ length: 10 }, () => r.pick(ids))
      await q.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = ANY ($1)', [gone])
      await q.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [gone])
      await check('after deletes')
    })
  })
})
