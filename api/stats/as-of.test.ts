import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'

type GridStat = { grid_code: string; total: number; open: number; closed: number; answered: number }

let db: Db
let issueId: number

// One issue of this file's own, in 2031: reported on the 1st, assigned on the 2nd, closed on the 5th.
beforeAll(async () => {
  db = await testDb()
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline, closed_at)
     SELECT 1, 'clutter', 'closed', ST_PointOnSurface(geom), '', '', '2031-01-01T10:00:00+08:00', '2031-01-04T10:00:00+08:00',
            '2031-01-05T10:00:00+08:00'
     FROM grids WHERE street_id = 1 ORDER BY code LIMIT 1 RETURNING id`,
  )
  issueId = row.id
  await db.query(
    `INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status) VALUES
       (1, $1, '2031-01-01T10:00:00+08:00', 't', 'report', NULL, 'reported'),
       (1, $1, '2031-01-02T10:00:00+08:00', 't', 'assign', 'reported', 'assigned'),
       (1, $1, '2031-01-05T10:00:00+08:00', 't', 'approve', 'rectified', 'closed')`,
    [issueId],
  )
})

afterAll(async () => {
  await db.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = $1', [issueId])
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = $1', [issueId])
})

const sum = (rows: GridStat[], k: keyof Omit<GridStat, 'grid_code'>) => rows.reduce((a, r) => a + r[k], 0)

describe('GET /stats/grids?as_of (time machine)', () => {
  const W = 'from=2031-01-01&to=2031-01-10'
  it('shows an issue as it was: absent before its report, open while assigned, closed after 销号', async () => {
    const at = async (t: string) => (await getJson<GridStat[]>(`/api/v1/stats/grids?${W}&as_of=${t}`)).body
    const before = await at('2030-12-31')
    expect(sum(before, 'total')).toBe(0)
    const assigned = await at('2031-01-03T12:00')
    expect([sum(assigned, 'total'), sum(assigned, 'open'), sum(assigned, 'closed')]).toEqual([1, 1, 0])
    const overdue = (await getJson<{ overdue: number }>(`/api/v1/stats/summary?${W}&as_of=2031-01-04T12:00`)).body
    expect(overdue.overdue).toBe(1)
    const after = await at('2031-01-06')
    expect([sum(after, 'total'), sum(after, 'open'), sum(after, 'closed')]).toEqual([1, 0, 1])
  })

  it('agrees with replaying every issue timeline in TypeScript', async () => {
    const asOf = new Date('2026-06-15T12:00:00+08:00')
    const issues = await db.query<{ id: number; grid_code: string; reported_at: Date }>(
      'SELECT id, grid_code, reported_at FROM issues WHERE street_id = 1',
    )
    const events = await db.query<{ issue_id: number; at: Date; to_status: string | null }>(
      'SELECT issue_id, at, to_status FROM issue_events WHERE street_id = 1 ORDER BY at, id',
    )
    const status = new Map<number, string>()
    for (const e of events) if (e.at <= asOf && e.to_status) status.set(e.issue_id, e.to_status)
    const expected = new Map<string, { total: number; open: number; closed: number }>()
    for (const i of issues) {
      if (i.reported_at > asOf) continue
      const s = status.get(i.id) ?? 'reported'
      const e = expected.get(i.grid_code) ?? { total: 0, open: 0, closed: 0 }
      e.total++
      if (!['closed', 'answered'].includes(s)) e.open++
      if (s === 'closed') e.closed++
      expected.set(i.grid_code, e)
    }
    const { status: code, body } = await getJson<GridStat[]>('/api/v1/stats/grids?as_of=2026-06-15T12:00')
    expect(code).toBe(200)
    expect(sum(body, 'total')).toBeGreaterThan(0)
    for (const r of body) {
      const e = expected.get(r.grid_code) ?? { total: 0, open: 0, closed: 0 }
      expect([r.total, r.open, r.closed], r.grid_code).toEqual([e.total, e.open, e.closed])
    }
    const now = (await getJson<GridStat[]>('/api/v1/stats/grids')).body
    expect(sum(now, 'closed')).toBeGreaterThan(sum(body, 'closed'))
  })

  it('rejects an as_of that is not a date', async () => {
    expect((await getJson('/api/v1/stats/grids?as_of=yesterday')).status).toBe(400)
  })
})
