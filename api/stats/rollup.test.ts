import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { insertRandomIssues, STATUSES } from '../../db/testing/random-issues.ts'
import { makeRng, type Rng } from '../../fixtures/prng.ts'
import type { IssueFilter } from '../filters.ts'
import { countRowsByRollup, countRowsByScan } from './counts.ts'
import type { CountRow } from './fold.ts'

// Everything here runs in one transaction that is rolled back, so no other test sees these writes.
// The rollup (migration 0022) must stay exactly equal to counting the issues themselves, and to an
// independent spatial join, through random inserts, status transitions, edits and deletes.

const NOW = new Date('2031-07-01T10:00:00+08:00')

const key = (r: CountRow) => `${r.grid_code}|${r.category_code}`
const sorted = (rows: CountRow[]) => rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))

/** The rollup table recomputed from the issues, and the table itself, both as sorted text rows. */
async function rollupVsIssues(q: Queryable) {
  const fresh = await q.query<{ k: string }>(
    `SELECT concat_ws('|', street_id, grain, day, grid_code, community_code, category_code, status, count(*)) AS k
     FROM (SELECT i.street_id, g.grain, i.grid_code, i.community_code, i.category_code, i.status,
                  CASE g.grain WHEN 'm' THEN date_trunc('month', i.reported_at AT TIME ZONE s.timezone)::date
                               WHEN 'a' THEN '-infinity'::date
                               ELSE (i.reported_at AT TIME ZONE s.timezone)::date END AS day
           FROM issues i JOIN streets s ON s.id = i.street_id
           -- the days, the months and all time (0351)
           CROSS JOIN (VALUES ('d'), ('m'), ('a')) g(grain)
           UNION ALL
           -- the street's days (0339): no grid, no community
           SELECT i.street_id, 's', '', '', i.category_code, i.status, (i.reported_at AT TIME ZONE s.timezone)::date
           FROM issues i JOIN streets s ON s.id = i.street_id) x
     GROUP BY street_id, grain, day, grid_code, community_code, category_code, status
     ORDER BY 1`,
  )
  const kept = await q.query<{ k: string }>(
    `SELECT concat_ws('|', street_id, grain, day, grid_code, community_code, category_code, status, n) AS k
     FROM issue_rollup ORDER BY 1`,
  )
  return { fresh: fresh.map((r) => r.k), kept: kept.map((r) => r.k) }
}

/** Each issue's grid by an independent spatial join (the lowest grid code containing the point). */
async function joinGrids(q: Queryable) {
  return q.query<{ grid_code: string; category_code: string; reported_at: Date }>(
    `SELECT o.code AS grid_code, i.category_code, i.reported_at
     FROM issues i
     CROSS JOIN LATERAL (SELECT min(g.code) AS code FROM grids g
                         WHERE g.street_id = i.street_id AND ST_Intersects(g.geom, i.geom)) o
     WHERE i.street_id = 1`,
  )
}

/** Totals per grid and category of the joined issues reported in [from, to). */
function joinTotals(joined: Awaited<ReturnType<typeof joinGrids>>, from: Date | null, to: Date | null): Map<string, number> {
  const m = new Map<string, number>()
  for (const r of joined) {
    if ((from && r.reported_at < from) || (to && r.reported_at >= to)) continue
    const k = `${r.grid_code}|${r.category_code}`
    m.set(k, (m.get(k) ?? 0) + 1)
  }
  return m
}

/** Windows of every shape: open ends, local midnights, month starts, inside one day, across months. */
function windows(r: Rng): [Date | null, Date | null][] {
  const at = (s: string) => new Date(s)
  const random = (): Date => new Date(Date.UTC(2031, 0, 1) + Math.floor(r.next() * 181 * 86_400_000))
  const out: [Date | null, Date | null][] = [
    [null, null],
    [at('2031-02-01T00:00:00+08:00'), at('2031-04-01T00:00:00+08:00')],
    [at('2031-02-10T00:00:00+08:00'), at('2031-02-11T00:00:00+08:00')],
    [at('2031-03-05T09:30:00+08:00'), at('2031-03-05T17:00:00+08:00')],
    [at('2031-01-31T23:59:59+08:00'), at('2031-03-01T00:00:01+08:00')],
    [at('2031-02-15T12:00:00+08:00'), null],
    [null, at('2031-05-20T08:00:00+08:00')],
    [at('2031-01-31T16:00:00Z'), at('2031-02-28T16:00:00Z')],
  ]
  for (let k = 0; k < 6; k++) {
    const [a, b] = [random(), random()].sort((x, y) => x.getTime() - y.getTime())
    out.push([a, b])
  }
  return out
}

/** Compares rollup and issue-scan counts (and the spatial join's totals) for every window and some filters. */
async function expectSameCounts(q: Queryable, r: Rng, label: string) {
  const { fresh, kept } = await rollupVsIssues(q)
  expect(kept, `${label}: rollup table`).toEqual(fresh)
  const [{ community }] = await q.query<{ community: string }>('SELECT min(code) AS community FROM communities WHERE street_id = 1')
  const [{ grid }] = await q.query<{ grid: string }>('SELECT max(code) AS grid FROM grids WHERE street_id = 1')
  const joined = await joinGrids(q)
  for (const [from, to] of windows(r)) {
    const w = `${label} ${from?.toISOString() ?? '-'}..${to?.toISOString() ?? '-'}`
    const none: IssueFilter = { from, to, categories: null, statuses: null, community: null, grid: null, bbox: null }
    const filters: IssueFilter[] = [
      none,
      { ...none, categories: ['bike_parking', 'clutter'], statuses: ['closed', 'rectifying', 'reported'] },
      { ...none, community },
      { ...none, grid },
    ]
    for (const f of filters) {
      const fast = await countRowsByRollup(q, 1, f, NOW, null)
      expect(sorted(fast), w).toEqual(sorted(await countRowsByScan(q, 1, f, NOW, null)))
    }
    const scope = [grid]
    expect(sorted(await countRowsByRollup(q, 1, filters[0], NOW, scope)), `${w} scope`).toEqual(
      sorted(await countRowsByScan(q, 1, filters[0], NOW, scope)),
    )
    const totals = new Map((await countRowsByRollup(q, 1, filters[0], NOW, null)).map((c) => [key(c), c.total]))
    expect(totals, `${w} join`).toEqual(joinTotals(joined, from, to))
  }
}

describe('issue_rollup', () => {
  it('stays equal to counting the issues through random writes, transitions, grid edits and deletes', async () => {
    const db = await testDb()
    const r = makeRng(20310701)
    const rollback = new Error('rollback')
    await expect(
      db.tx(async (q) => {
        // 400 issues at random points of the street and random instants of 2031's first half, in
        // several statements (the triggers are per statement), with random statuses and deadlines.
        for (let batch = 0; batch < 4; batch++) await insertRandomIssues(q, r, 100, 1000 + batch)
        const ids = (
          await q.query<{ id: number }>(`SELECT id FROM issues WHERE street_id = 1 AND reported_at >= '2030-12-31T00:00:00+08:00' ORDER BY id`)
        ).map((x) => x.id)
        expect(ids.length).toBe(400)
        // Points exactly on a vertex shared by several grids: one grid each, by the counting rule.
        await q.query(
          `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
           SELECT 1, 'clutter', 'closed', ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), '', '', '2031-03-03T03:00:00+08:00'
           FROM grids WHERE street_id = 1`,
        )
        await expectSameCounts(q, r, 'after inserts')

        const pick = (n: number) => Array.from({ length: n }, () => r.pick(ids))
        // Transitions one by one (the common write), then a bulk status change.
        for (const id of pick(25)) {
          await q.query('UPDATE issues SET status = $2 WHERE street_id = 1 AND id = $1', [id, r.pick(STATUSES)])
        }
        await q.query(`UPDATE issues SET status = 'closed', closed_at = reported_at + interval '2 days' WHERE street_id = 1 AND id = ANY ($1)`, [
          pick(40),
        ])
        // Category changes, reports moved across days and months, points moved to other grids.
        await q.query(`UPDATE issues SET category_code = 'bike_parking' WHERE street_id = 1 AND id = ANY ($1)`, [pick(20)])
        await q.query(`UPDATE issues SET reported_at = reported_at + interval '19 days 7 hours' WHERE street_id = 1 AND id = ANY ($1)`, [pick(30)])
        await q.query(
          `UPDATE issues i SET geom = p.geom
           FROM (SELECT row_number() OVER () AS k, (ST_Dump(ST_GeneratePoints(boundary, 30, 77))).geom FROM streets WHERE id = 1) p,
                (SELECT row_number() OVER () AS k, id FROM unnest($1::bigint[]) id) t
           WHERE p.k = t.k AND i.street_id = 1 AND i.id = t.id`,
          [pick(30)],
        )
        await q.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [pick(15)])
        await expectSameCounts(q, r, 'after transitions and edits')

        // A grid edit: the first grid takes over its neighbour's area, so the neighbour's issues are
        // re-assigned (lowest code wins) in the same transaction, and the rollup follows.
        const [pair] = await q.query<{ a: string; b: string }>(
          `SELECT a.code AS a, min(b.code) AS b FROM grids a JOIN grids b ON b.street_id = a.street_id AND b.code > a.code
             AND ST_Intersects(a.geom, b.geom)
           WHERE a.street_id = 1 GROUP BY a.code ORDER BY a.code LIMIT 1`,
        )
        const before = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues WHERE street_id = 1 AND grid_code = $1`, [pair.b])
        expect(before[0].n).toBeGreaterThan(0)
        await q.query(
          `UPDATE grids SET geom = ST_Multi(ST_Union(geom, (SELECT geom FROM grids WHERE street_id = 1 AND code = $2)))
           WHERE street_id = 1 AND code = $1`,
          [pair.a, pair.b],
        )
        const after = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues WHERE street_id = 1 AND grid_code = $1`, [pair.b])
        expect(after[0].n).toBe(0)
        await expectSameCounts(q, r, 'after a grid edit')
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })
})
