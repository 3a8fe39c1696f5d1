import * as turf from '@turf/turf'
import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { insertRandomIssues, LOCAL_OFFSET_MS as LOCAL, STATUSES } from '../../db/testing/random-issues.ts'
import { makeRng, type Rng } from '../../fixtures/prng.ts'
import { countInArea, countInStreet } from './area.ts'

// Everything here runs in one transaction that is rolled back, so no other test sees these writes.
// issue_cells (migration 0028) must stay equal to placing every issue in its cells by hand, and the
// area count built on it must equal the GiST formulation and Turf, for windows of every shape,
// through inserts, transitions, moves and deletes.

const NOW = new Date('2031-07-01T10:00:00+08:00')
const SIZES = [20, 40, 80, 160]

type Issue = { x_m: number; y_m: number; lon: number; lat: number; reported_at: Date; category_code: string; status: string }
type Row = { category_code: string; status: string; n: number; overdue: number }
const key = (rows: Row[]) => rows.map((r) => `${r.category_code}|${r.status}|${r.n}|${r.overdue}`).sort()

/** issue_cells as kept (zero rows left out) and as computed here in JavaScript from every issue. */
async function cellsVsIssues(q: Queryable) {
  const kept = (
    await q.query<{ k: string }>(
      `SELECT concat_ws('|', size_m, grain, ci, cj, month, category_code, status, n) AS k
       FROM issue_cells WHERE street_id = 1 AND n <> 0`,
    )
  ).map((r) => r.k)
  const issues = await q.query<Issue>('SELECT x_m, y_m, reported_at, category_code, status FROM issues WHERE street_id = 1')
  const fresh = new Map<string, number>()
  for (const i of issues) {
    const local = new Date(i.reported_at.getTime() + LOCAL)
    const month = `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-01`
    for (const s of SIZES) {
      for (const [grain, m] of [
        ['a', '2000-01-01'],
        ['m', month],
      ]) {
        const k = [s, grain, Math.floor(i.x_m / s), Math.floor(i.y_m / s), m, i.category_code, i.status].join('|')
        fresh.set(k, (fresh.get(k) ?? 0) + 1)
      }
    }
  }
  return { kept: kept.sort(), fresh: [...fresh].map(([k, n]) => `${k}|${n}`).sort() }
}

/** Windows of every shape: open ends, month starts, inside one month, across months and years. */
function windows(r: Rng): [Date | null, Date | null][] {
  const at = (s: string) => new Date(s)
  const out: [Date | null, Date | null][] = [
    [null, null],
    [at('2031-02-01T00:00:00+08:00'), at('2031-04-01T00:00:00+08:00')],
    [at('2031-02-10T00:00:00+08:00'), at('2031-02-11T00:00:00+08:00')],
    [at('2031-01-31T23:59:59+08:00'), at('2031-03-01T00:00:01+08:00')],
    [at('2031-02-15T12:00:00+08:00'), null],
    [null, at('2031-05-20T08:00:00+08:00')],
    [at('2031-01-31T16:00:00Z'), at('2031-02-28T16:00:00Z')],
    [at('2030-12-20T00:00:00+08:00'), at('2031-01-01T00:00:00+08:00')],
  ]
  for (let k = 0; k < 4; k++) {
    const [a, b] = [r.int(0, 181), r.int(0, 181)]
      .sort((x, y) => x - y)
      .map((d) => new Date(Date.UTC(2031, 0, 1) - LOCAL + d * 86_400_000 + r.int(0, 86_399) * 1000))
    out.push([a, b])
  }
  return out
}

/** The street's counts from the 160 m cells equal a GROUP BY over its issues, for every window. */
async function expectSameStreetCounts(q: Queryable, r: Rng, label: string) {
  for (const [from, to] of windows(r)) {
    for (const cats of [null, ['bike_parking', 'clutter']]) {
      const direct = await q.query<Row>(
        `SELECT category_code, status, count(*)::int AS n,
                count(*) FILTER (WHERE status IN ('reported', 'assigned', 'rectifying', 'rectified') AND deadline < $4)::int AS overdue
         FROM issues WHERE street_id = 1 AND ($1::timestamptz IS NULL OR reported_at >= $1) AND ($2::timestamptz IS NULL OR reported_at < $2)
           AND ($3::text[] IS NULL OR category_code = ANY ($3))
         GROUP BY 1, 2`,
        [from, to, cats, NOW],
      )
      const fast = await countInStreet(q, 1, { from: from ?? undefined, to: to ?? undefined }, cats, NOW, 'cells')
      expect(key(fast), `${label} street ${from?.toISOString() ?? '-'}..${to?.toISOString() ?? '-'}`).toEqual(key(direct))
    }
  }
}

/** The area count by cells equals the GiST formulation and Turf for every shape and window. */
async function expectSameAreaCounts(q: Queryable, shapes: Polygon[], r: Rng, label: string) {
  const issues = await q.query<Issue>(
    'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, reported_at, category_code, status FROM issues WHERE street_id = 1',
  )
  for (const p of shapes) {
    const shape = JSON.stringify(p)
    for (const [from, to] of windows(r)) {
      const w = { from: from ?? undefined, to: to ?? undefined }
      const tag = `${label} ${from?.toISOString() ?? '-'}..${to?.toISOString() ?? '-'}`
      const cells = await countInArea(q, 1, shape, w, null, NOW, 'cells')
      expect(key(cells), tag).toEqual(key(await countInArea(q, 1, shape, w, null, NOW, 'gist')))
      expect(key(await countInArea(q, 1, shape, w, null, NOW, 'time')), `${tag} time index`).toEqual(key(cells))
      expect(key(await countInArea(q, 1, shape, w, null, NOW, 'box')), `${tag} 80 m cells' index`).toEqual(key(cells))
      const turfCount = issues.filter(
        (i) => (!from || i.reported_at >= from) && (!to || i.reported_at < to) && turf.booleanPointInPolygon([i.lon, i.lat], p),
      ).length
      expect(
        cells.reduce((s, c) => s + c.n, 0),
        `${tag} Turf`,
      ).toBe(turfCount)
      const cats = ['bike_parking', 'clutter']
      expect(key(await countInArea(q, 1, shape, w, cats, NOW, 'cells')), `${tag} categories`).toEqual(
        key(await countInArea(q, 1, shape, w, cats, NOW, 'gist')),
      )
      expect(key(await countInArea(q, 1, shape, w, cats, NOW, 'time')), `${tag} categories, time index`).toEqual(
        key(await countInArea(q, 1, shape, w, cats, NOW, 'gist')),
      )
      expect(key(await countInArea(q, 1, shape, w, cats, NOW, 'box')), `${tag} categories, 80 m cells' index`).toEqual(
        key(await countInArea(q, 1, shape, w, cats, NOW, 'gist')),
      )
    }
  }
}

describe('issue_cells and the area and street counts built on it', () => {
  it('stay equal to placing and counting the issues directly through writes, transitions, moves and deletes', async () => {
    const db = await testDb()
    const r = makeRng(20311123)
    const rollback = new Error('rollback')
    await expect(
      db.tx(async (q) => {
        // 600 issues in 2031's first half: half spread over the street, half packed into 300 m
        // around its centre, so the centre's 80 and 160 m cells lie inside the test shapes.
        for (let batch = 0; batch < 6; batch++) await insertRandomIssues(q, r, 100, 500 + batch, batch % 2 === 0 ? null : 300)
        const ids = (
          await q.query<{ id: number }>(`SELECT id FROM issues WHERE street_id = 1 AND reported_at >= '2030-12-31T00:00:00+08:00' ORDER BY id`)
        ).map((x) => x.id)
        expect(ids.length).toBe(600)

        const [{ c }] = await q.query<{ c: string }>(`SELECT ST_AsGeoJSON(ST_Centroid(boundary)) AS c FROM streets WHERE id = 1`)
        const centre = (JSON.parse(c) as { coordinates: [number, number] }).coordinates
        const square = turf.bboxPolygon(turf.bbox(turf.circle(centre, 0.275, { steps: 4 }))).geometry
        const [x0, y0, x1, y1] = turf.bbox(square)
        const diamond = turf.polygon([
          [
            [(x0 + x1) / 2, y0],
            [x1, (y0 + y1) / 2],
            [(x0 + x1) / 2, y1],
            [x0, (y0 + y1) / 2],
            [(x0 + x1) / 2, y0],
          ],
        ]).geometry
        const ring = turf.polygon([
          turf.getCoords(square)[0],
          turf
            .getCoords(turf.circle(centre, 0.08, { steps: 24 }))[0]
            .slice()
            .reverse(),
        ]).geometry
        // A triangle with a 22 km edge through the centre: projected as is, that edge would bow ~3 m
        // away from its lon/lat line, more than the 1 m and 0.1 m margins of the cell test.
        const [cx, cy] = centre
        const a = [cx - 0.1, cy - 0.05]
        const b = [cx + 0.1, cy + 0.05]
        const triangle = turf.polygon([[a, b, [cx - 0.1, cy + 0.1], a]]).geometry
        const shapes = [square, diamond, ring, triangle]
        // Points exactly on the shapes' vertices and edge midpoints (ST_Intersects counts them in);
        // on the long edge near the centre, points on it and 0.3 m to either side of it.
        const onEdges = [square, diamond, ring].flatMap((p) =>
          p.coordinates.flatMap((ring) => ring.slice(1).flatMap((v, k) => [v, [(v[0] + ring[k][0]) / 2, (v[1] + ring[k][1]) / 2]])),
        )
        const normal = [-(b[1] - a[1]), b[0] - a[0]].map((d) => (d / Math.hypot(b[0] - a[0], b[1] - a[1])) * (0.3 / 111_000))
        for (const t of [0.499, 0.4995, 0.5, 0.5005, 0.501]) {
          const on = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
          onEdges.push(on, [on[0] + normal[0], on[1] + normal[1]], [on[0] - normal[0], on[1] - normal[1]])
        }
        await q.query(
          `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
           SELECT 1, 'clutter', 'assigned', ST_SetSRID(ST_MakePoint(p[1], p[2]), 4326), '', '', '2031-03-15T10:00:00+08:00', '2031-03-16T10:00:00+08:00'
           FROM jsonb_array_elements($1::jsonb) e, LATERAL (SELECT ARRAY[(e->>0)::float8, (e->>1)::float8] AS p) x`,
          [JSON.stringify(onEdges)],
        )
        let cells = await cellsVsIssues(q)
        expect(cells.kept).toEqual(cells.fresh)
        await expectSameAreaCounts(q, shapes, r, 'after inserts')
        await expectSameStreetCounts(q, r, 'after inserts')

        const pick = (n: number) => Array.from({ length: n }, () => r.pick(ids))
        for (const id of pick(20)) await q.query('UPDATE issues SET status = $2 WHERE street_id = 1 AND id = $1', [id, r.pick(STATUSES)])
        await q.query(`UPDATE issues SET status = 'closed', closed_at = reported_at + interval '2 days' WHERE street_id = 1 AND id = ANY ($1)`, [
          pick(40),
        ])
        await q.query(`UPDATE issues SET category_code = 'bike_parking' WHERE street_id = 1 AND id = ANY ($1)`, [pick(20)])
        await q.query(`UPDATE issues SET reported_at = reported_at + interval '19 days 7 hours' WHERE street_id = 1 AND id = ANY ($1)`, [pick(30)])
        // Moves of a few metres (across 10–160 m cell lines) and across the street.
        await q.query(
          `UPDATE issues i SET geom = ST_Translate(i.geom, 0.00007, -0.00005)
           WHERE i.street_id = 1 AND i.id = ANY ($1)
             AND EXISTS (SELECT 1 FROM grids g WHERE g.street_id = 1 AND ST_Intersects(g.geom, ST_Translate(i.geom, 0.00007, -0.00005)))`,
          [pick(40)],
        )
        await q.query(
          `UPDATE issues i SET geom = p.geom
           FROM (SELECT row_number() OVER () AS k, (ST_Dump(ST_GeneratePoints(boundary, 30, 78))).geom FROM streets WHERE id = 1) p,
                (SELECT row_number() OVER () AS k, id FROM unnest($1::bigint[]) id) t
           WHERE p.k = t.k AND i.street_id = 1 AND i.id = t.id`,
          [pick(30)],
        )
        await q.query(`UPDATE issues SET description = 'edited' WHERE street_id = 1 AND id = ANY ($1)`, [pick(10)])
        await q.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [pick(25)])
        cells = await cellsVsIssues(q)
        expect(cells.kept).toEqual(cells.fresh)
        await expectSameAreaCounts(q, shapes, r, 'after transitions, moves and deletes')
        await expectSameStreetCounts(q, r, 'after transitions, moves and deletes')
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })
})
