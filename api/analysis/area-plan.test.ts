import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import type { Db, Planning, Queryable } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { SCAN_BELOW, streetIssues } from '../stats/counts.ts'
import { sql, toNamed } from '../../db/sql.ts'
import {
  BOX_COLUMNS_MAX,
  analyseArea,
  CELLS_FROM,
  CELLS_FROM_GIST,
  countInArea,
  countInStreet,
  countingPath,
  estimateOf,
  INDEX_READS_MAX,
  pathOf,
  smallStreetCounts,
  TIME_INDEX_RATIO,
} from './area.ts'
import type { CheckedShape } from './polygon.ts'

// The area analysis chooses how to count by the street's size, as the statistics do: on a street of
// fewer than SCAN_BELOW issues the area is counted through the GiST index without the estimate and
// the control's street from one scan of its issues; on a larger one by the estimate and the cells.
// Every plan answers the same rows, checked here against a third formulation (a plain SQL count).

type Row = { category_code: string; status: string; n: number; overdue: number }
const key = (r: Row) => `${r.category_code}|${r.status}`
const sorted = (rows: Row[]) => rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))

/** The database, recording the text of every statement sent through it (its engine told, as a view tells it). */
function recording(q: Queryable): { q: Queryable; texts: string[]; plannings: (Planning | undefined)[] } {
  const texts: string[] = []
  const plannings: (Planning | undefined)[] = []
  const engine = (q as Partial<Db>).engine
  const query = (text: string, params?: unknown[], planning?: Planning) => (
    texts.push(text),
    plannings.push(planning),
    q.query(text, params, planning)
  )
  return { texts, plannings, q: { engine, query } as unknown as Queryable }
}

/** A plain count of the street's issues (inside `shape` when given), independent of both plans. */
async function naive(q: Queryable, shape: string | null, from: Date | null, to: Date | null) {
  return q.query<Row>(
    `SELECT category_code, status, count(*)::int AS n,
            count(*) FILTER (WHERE status IN ('reported','assigned','rectifying','rectified') AND deadline < $4)::int AS overdue
     FROM issues WHERE street_id = 1 AND ($1::text IS NULL OR ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), geom))
       AND ($2::timestamptz IS NULL OR reported_at >= $2) AND ($3::timestamptz IS NULL OR reported_at < $3)
     GROUP BY 1, 2`,
    [shape, from, to, TEST_NOW],
  )
}

/** A square of 800 m around the street's centre, as GeoJSON. */
async function squareAtCentre(db: Queryable): Promise<string> {
  const [{ g }] = await db.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Transform(ST_Centroid(boundary), 4547), 400), 4326)) AS g FROM streets WHERE id = 1`,
  )
  return g
}

describe('area analysis plan by street size', () => {
  it("takes the plan the street's size calls for, and every plan counts the same rows", async () => {
    const db = await testDb()
    const n = await streetIssues(db, 1)
    const g = await squareAtCentre(db)
    const windows = [
      { from: null, to: null },
      { from: new Date('2026-03-10T00:00:00+08:00'), to: new Date('2026-11-15T13:30:00+08:00') },
    ]
    const r = recording(db)
    const small = n < SCAN_BELOW
    // A small street: no estimate asked (pg_class), and the street read from its issues, not the cells.
    expect(await countingPath(r.q, 1, g)).toBe(small ? 'gist' : await countingPath(db, 1, g))
    expect(r.texts.some((t) => t.includes('reltuples'))).toBe(!small)
    r.texts.length = 0
    await countInStreet(r.q, 1, {}, null, TEST_NOW)
    expect(r.texts.some((t) => t.includes('FROM issue_cells'))).toBe(!small)

    let inside = 0
    for (const w of windows) {
      const win = { from: w.from ?? undefined, to: w.to ?? undefined }
      const area = sorted(await naive(db, g, w.from, w.to))
      const street = sorted(await naive(db, null, w.from, w.to))
      inside += area.reduce((s, x) => s + x.n, 0)
      expect(sorted(await countInArea(db, 1, g, win, null, TEST_NOW))).toEqual(area)
      expect(sorted(await countInArea(db, 1, g, win, null, TEST_NOW, 'gist'))).toEqual(area)
      expect(sorted(await countInArea(db, 1, g, win, null, TEST_NOW, 'cells'))).toEqual(area)
      expect(sorted(await countInArea(db, 1, g, win, null, TEST_NOW, 'time'))).toEqual(area)
      expect(sorted(await countInArea(db, 1, g, win, null, TEST_NOW, 'box'))).toEqual(area)
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW))).toEqual(street)
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW, 'scan'))).toEqual(street)
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW, 'cells'))).toEqual(street)
    }
    // the square holds issues, so equal answers are not two empty lists
    expect(inside).toBeGreaterThan(0)
  })

  // Planned for its values at every run, the area's count by cells spent a sixth of a 30-day window
  // and the street's ~3 ms of 8–9 planning at 10⁶ issues; a generic plan is safe because every part
  // is keyed by the leaves and cells given and the window is read into values once (the count tests
  // above, with the controls against the naive statement, and cells.test.ts prove the answers).
  it.each([
    ['area_counts_by_cells', '0347'],
    ['street_counts_by_cells', '0349'],
  ])('counts with %s, its plan kept per connection and made for any values (migration %s)', async (name) => {
    const [fn] = await (await testDb()).query<{ config: string[] }>('SELECT proconfig AS config FROM pg_proc WHERE proname = $1', [name])
    expect(fn.config).toContain('plan_cache_mode=force_generic_plan')
  })

  // The GiST count is sent as rows to a server (a one-row JSON wrapper cost 0.03 ms of its ~0.5 at
  // 10³ issues) and as one JSON value to PGlite, and it groups by hashing where a plain GROUP BY
  // sorted its rows first (docs/performance.md, "The area's GiST count as rows, grouped by hashing").
  it('sends the GiST count as rows to a server, as JSON to PGlite, grouped by hashing', async () => {
    const db = await testDb()
    const g = await squareAtCentre(db)
    const r = recording(db)
    const rows = await countInArea(r.q, 1, g, {}, null, TEST_NOW, 'gist')
    expect(sorted(rows)).toEqual(sorted(await naive(db, g, null, null)))
    const sent = r.texts.flatMap((t, k) => (t.includes('GROUPING SETS') ? [k] : []))
    expect(sent).toHaveLength(1)
    expect(/^SELECT coalesce\(json_agg/.test(r.texts[sent[0]])).toBe(db.engine === 'pglite')
    // a small street's count keeps its plan (PGlite's analysis lane would plan it at every run)
    expect(r.plannings[sent[0]]).toEqual({ keepPlan: (await streetIssues(db, 1)) < SCAN_BELOW })
    const gist = toNamed(sql(import.meta.url, 'area-counts-gist.sql'))
    const inputs = { street: 1, shape: g, from: null, to: null, categories: null, now: TEST_NOW }
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${gist.text}`, gist.params(inputs))).map((x) => x['QUERY PLAN']).join('\n')
    expect(plan).toMatch(/^(Mixed|Hash)Aggregate/)
    expect(plan).not.toMatch(/Sort/)
  })

  it("counts every window of a small street in one statement, the area's rows and the street's as the plain count gives them", async () => {
    const db = await testDb()
    const g = await squareAtCentre(db)
    const windows = [
      { from: null, to: null },
      { from: new Date('2026-03-10T00:00:00+08:00'), to: new Date('2026-11-15T13:30:00+08:00') },
      { from: new Date('2026-09-01T00:00:00+08:00'), to: null },
      { from: new Date('2040-01-01T00:00:00+08:00'), to: new Date('2040-02-01T00:00:00+08:00') },
    ]
    const r = { street: 1, now: TEST_NOW }
    const counted = await smallStreetCounts(
      db,
      r,
      g,
      windows.map((w) => ({ from: w.from ?? undefined, to: w.to ?? undefined })),
    )
    expect(counted).toHaveLength(windows.length)
    let inside = 0
    for (const [k, w] of windows.entries()) {
      const area = sorted(await naive(db, g, w.from, w.to))
      const street = sorted(await naive(db, null, w.from, w.to))
      inside += area.reduce((s, x) => s + x.n, 0)
      expect(sorted(counted[k].rows), `window ${k}`).toEqual(area)
      const all = (rows: Row[]) => rows.reduce((s, x) => s + x.n, 0)
      expect(counted[k].control.total, `window ${k}`).toBe(all(street) - all(area))
      expect(counted[k].area.overdue + counted[k].control.overdue).toBe(street.reduce((s, x) => s + x.overdue, 0))
    }
    expect(inside).toBeGreaterThan(0)
    expect(counted[3].rows).toEqual([])
    // categories narrow both the area and the street
    const [some] = await smallStreetCounts(db, { ...r, categories: ['clutter'] }, g, [{}])
    expect(some.rows.every((x) => x.category_code === 'clutter')).toBe(true)
    expect(some.area.total + some.control.total).toBe(
      (await naive(db, null, null, null)).filter((x) => x.category_code === 'clutter').reduce((s, x) => s + x.n, 0),
    )

    // the whole analysis of a small street: on PGlite one statement (facts, places and every window),
    // on the server its parts in turn, every window's counts in the one statement above
    if ((await streetIssues(db, 1)) < SCAN_BELOW) {
      const day = 86_400_000
      const at = (d: number) => new Date(TEST_NOW.getTime() - d * day)
      const request = {
        street: 1,
        shape: g as CheckedShape,
        radius: 300,
        now: TEST_NOW,
        compare: { before: { from: at(60), to: at(30) }, after: { from: at(30), to: TEST_NOW } },
      }
      await analyseArea(db, request) // the radius's coverage built, if it was not
      const rec = recording(db)
      await analyseArea(rec.q, request)
      // besides the street's size, remembered per handle (the recording one is new: api/stats/counts.ts)
      const sent = rec.texts.filter((t) => !t.includes('FROM issue_rollup r'))
      expect(rec.texts.length - sent.length).toBeLessThanOrEqual(1)
      expect(sent).toHaveLength(db.engine === 'pglite' ? 1 : 3)
      expect(sent.filter((t) => t.includes('WITH ORDINALITY w (f, t, k)'))).toHaveLength(1)
      expect(sent.some((t) => t.includes('reltuples'))).toBe(false)
    }
  })

  it("keeps an area's facts per shape version: measured once while reports come, again after a zone moves", async () => {
    const db = await testDb()
    const g = (await squareAtCentre(db)) as CheckedShape
    let measured = 0
    // The database with its version (so the memo applies), counting the facts' statement.
    const spy = {
      ...db,
      query: (text: string, params?: unknown[], planning?: Planning) => {
        if (text.includes('the fixed facts of an area')) measured++
        return db.query(text, params, planning)
      },
    } as Db
    const request = { street: 1, shape: g, radius: 300, now: TEST_NOW }
    const covered = async () =>
      (
        await db.query<{ m2: number }>(
          `SELECT ST_Area(ST_Intersection(ST_Transform(ST_Intersection(s.boundary, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)), 4547),
                                          ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), 300, 8)))) AS m2
           FROM streets s, bike_zones z WHERE s.id = 1 AND z.street_id = 1 GROUP BY s.boundary`,
          [g],
        )
      )[0].m2
    // Measured now, or by an earlier test at this shape version (the memo is the database's).
    const first = await analyseArea(spy, request, 'parts')
    const once = measured
    expect((await analyseArea(spy, request, 'parts')).area_m2).toBe(first.area_m2)
    expect(measured).toBe(once)
    // A report moves the data version, not the shape version: the counts are read again, the facts not.
    const [{ id, category_code }] = await db.query<{ id: number; category_code: string }>(
      `SELECT id, category_code FROM issues WHERE street_id = 1 AND ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) ORDER BY id LIMIT 1`,
      [g],
    )
    const [{ other }] = await db.query<{ other: string }>('SELECT min(code) AS other FROM categories WHERE code <> $1', [category_code])
    await db.query('UPDATE issues SET category_code = $2 WHERE street_id = 1 AND id = $1', [id, other])
    try {
      const after = await analyseArea(spy, request, 'parts')
      expect(measured).toBe(once)
      const of = (r: typeof first, c: string) => r.counts.by_category.find((x) => x.category === c)?.total ?? 0
      expect(of(after, other)).toBe(of(first, other) + 1)
    } finally {
      await db.query('UPDATE issues SET category_code = $2 WHERE street_id = 1 AND id = $1', [id, category_code])
    }
    // A zone moved moves the shape version: measured again, with the new coverage.
    // The zone's own geometry is put back afterwards (a translation there and back may not round-trip).
    const [zone] = await db.query<{ id: number; ewkb: string }>(
      'SELECT id, ST_AsEWKB(geom)::text AS ewkb FROM bike_zones WHERE street_id = 1 ORDER BY id LIMIT 1',
    )
    await db.query('UPDATE bike_zones SET geom = ST_Translate(geom, 0.002, 0) WHERE street_id = 1 AND id = $1', [zone.id])
    try {
      const moved = await analyseArea(spy, request, 'parts')
      expect(measured).toBe(once + 1)
      expect(moved.coverage.covered_m2).toBeCloseTo(await covered(), -2)
    } finally {
      await db.query("UPDATE bike_zones SET geom = ST_GeomFromEWKB(decode(substr($2, 3), 'hex')) WHERE street_id = 1 AND id = $1", [
        zone.id,
        zone.ewkb,
      ])
    }
    const [back] = await db.query<{ same: boolean }>('SELECT ST_AsEWKB(geom)::text = $2 AS same FROM bike_zones WHERE street_id = 1 AND id = $1', [
      zone.id,
      zone.ewkb,
    ])
    expect(back.same).toBe(true)
  })

  it('answers the same in one statement as in parts (at once or in turn), for one window and several, and builds a coverage not yet built', async () => {
    const db = await testDb()
    const g = (await squareAtCentre(db)) as CheckedShape
    const day = 86_400_000
    const at = (d: number) => new Date(TEST_NOW.getTime() - d * day)
    const compare = { before: { from: at(90), to: at(45) }, after: { from: at(45), to: TEST_NOW } }
    const requests = [
      { street: 1, shape: g, radius: 300, now: TEST_NOW },
      { street: 1, shape: g, radius: 300, now: TEST_NOW, from: at(200), to: at(10), categories: ['clutter', 'bike_parking'] },
      { street: 1, shape: g, radius: 300, now: TEST_NOW, compare },
      { street: 1, shape: g, radius: 100, now: TEST_NOW, from: at(300), categories: ['bike_parking'], compare },
    ]
    for (const [k, r] of requests.entries()) {
      const one = await analyseArea(db, r, 'one')
      expect(one, `request ${k}`).toEqual(await analyseArea(db, r, 'parts'))
      expect(one, `request ${k}, in turn`).toEqual(await analyseArea(db, r, 'turn'))
      expect(one.counts.total, `request ${k}: the square holds issues`).toBeGreaterThan(0)
      expect(one.field_points.length).toBeGreaterThan(0)
    }
    // A radius whose coverage is not built yet: the statement finds none, builds it and reads again.
    const fresh = 150
    const drop = `DELETE FROM bike_coverage WHERE street_id = 1 AND radius_m = ${fresh}`
    const built = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bike_coverage WHERE street_id = 1 AND radius_m = ${fresh}`))[0].n
    for (const [how, windows] of [
      ['one', {}],
      ['one', { compare }],
      ['turn', { compare }],
      ['parts', {}],
    ] as const) {
      await db.query(drop)
      expect(await built()).toBe(0)
      // Through a handle without a data version: the facts kept per shape version (a coverage is
      // dropped only with its street's boundary or zones, which move that version) would answer.
      const r = await analyseArea(recording(db).q, { street: 1, shape: g, radius: fresh, now: TEST_NOW, ...windows }, how)
      expect(await built(), how).toBe(1)
      expect(Boolean(r.before_after), how).toBe('compare' in windows)
      const [{ m2 }] = await db.query<{ m2: number }>(
        `SELECT ST_Area(ST_Intersection(ST_Transform(ST_Intersection(s.boundary, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)), 4547),
                                        ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), $2, 8)))) AS m2
         FROM streets s, bike_zones z WHERE s.id = 1 AND z.street_id = 1 GROUP BY s.boundary`,
        [g, fresh],
      )
      expect(m2).toBeGreaterThan(0)
      expect(r.coverage.covered_m2, how).toBeCloseTo(m2, -2)
    }
  })

  it("scales the area's expected issues by each window's share of the street's issues, counted from the issues", async () => {
    const db = await testDb()
    const g = await squareAtCentre(db)
    const windows = [
      { from: null, to: null },
      { from: new Date('2026-09-01T00:00:00+08:00'), to: new Date('2026-10-01T00:00:00+08:00') },
      { from: new Date('2026-03-10T00:00:00+08:00'), to: null },
      { from: new Date('2040-01-01T00:00:00+08:00'), to: new Date('2040-02-01T00:00:00+08:00') },
    ]
    await db.query('ANALYZE issues') // the row estimate the guess starts from, counting the issues other tests wrote since the seed
    const rows = await db.query<{ k: number; expected: number }>(sql(new URL('./', import.meta.url).href, 'area-estimate.sql'), [
      1,
      g,
      windows.map((w) => w.from),
      windows.map((w) => w.to),
    ])
    expect(rows.map((r) => r.k)).toEqual([1, 2, 3, 4])
    // the share from the issues themselves: reported on the window's local days (its last day whole),
    // merged duplicates left out as the day rows leave them out
    const share = async (from: Date | null, to: Date | null) => {
      const [r] = await db.query<{ part: number; whole: number }>(
        `SELECT count(*) FILTER (WHERE ($1::timestamptz IS NULL OR (reported_at AT TIME ZONE 'Asia/Shanghai')::date >= ($1 AT TIME ZONE 'Asia/Shanghai')::date)
                                   AND ($2::timestamptz IS NULL OR (reported_at AT TIME ZONE 'Asia/Shanghai')::date <= ($2 AT TIME ZONE 'Asia/Shanghai')::date))::float8 AS part,
                count(*)::float8 AS whole
         FROM issues WHERE street_id = 1 AND merged_into IS NULL`,
        [from, to],
      )
      return r.part / r.whole
    }
    const all = rows[0].expected
    expect(all).toBeGreaterThan(0)
    for (const [k, w] of windows.entries()) expect(rows[k].expected / all, `window ${k}`).toBeCloseTo(await share(w.from, w.to), 9)
    expect(rows[3].expected, 'a window without issues expects none').toBe(0)
    expect(rows[1].expected).toBeLessThan(all)

    // the shares the time index's rule compares: the window's, as above, and the box's of the
    // street's box (Turf's areas of the two boxes, in m², against PostGIS's in degrees²)
    const est = await estimateOf(
      db,
      1,
      g,
      windows.map((w) => ({ from: w.from ?? undefined, to: w.to ?? undefined })),
    )
    for (const [k, w] of windows.entries()) expect(est[k].window_share, `window ${k}`).toBeCloseTo(await share(w.from, w.to), 9)
    const [{ boundary }] = await db.query<{ boundary: string }>('SELECT ST_AsGeoJSON(boundary) AS boundary FROM streets WHERE id = 1')
    const boxArea = (geo: string) => turf.area(turf.bboxPolygon(turf.bbox(JSON.parse(geo))))
    expect(est[0].box_share! / (boxArea(g) / boxArea(boundary))).toBeCloseTo(1, 2)
    // the box's width in metres (EPSG:4547), against Turf's distance across its middle: within 2%
    // (the lon/lat box, projected, is turned by the grid's convergence, ~0.5° here, and its
    // projected box a little wider)
    const [w0, s0, e0, n0] = turf.bbox(JSON.parse(g))
    const across = turf.distance([w0, (s0 + n0) / 2], [e0, (s0 + n0) / 2], { units: 'meters' })
    for (const x of est) expect(Math.abs(x.box_width_m / across - 1)).toBeLessThan(0.02)
  })

  it("counts a short window from the time index, a long one and all time from the 80 m cells' index, many issues by the rolled-up cells", () => {
    const e = { expected: 100, edge_m: 2_200, box_share: 0.1, window_share: 0.08, box_width_m: 550 }
    const n = 10_000
    expect(pathOf(e, true, n)).toBe('time')
    expect(pathOf({ ...e, window_share: TIME_INDEX_RATIO * 0.1 }, true, n)).toBe('time')
    expect(pathOf({ ...e, window_share: TIME_INDEX_RATIO * 0.1 + 0.01 }, true, n)).toBe('box')
    expect(pathOf({ ...e, window_share: 1 }, false, n)).toBe('box')
    expect(pathOf({ ...e, expected: CELLS_FROM }, true, n)).toBe('cells')
    expect(pathOf({ ...e, expected: CELLS_FROM - 1 }, false, n)).toBe('box')
    // a long edge (a star) keeps the cells away, whatever the window
    expect(pathOf({ ...e, expected: CELLS_FROM, edge_m: 100_000 }, true, n)).toBe('time')
    // on a street so large that the btree paths would read more than INDEX_READS_MAX entries: the
    // GiST index, or the cells from CELLS_FROM_GIST expected issues, as before those paths
    const big = Math.ceil(INDEX_READS_MAX / 0.08) + 1
    expect(pathOf(e, true, big - 2)).toBe('time')
    expect(pathOf(e, true, big)).toBe('gist')
    expect(pathOf({ ...e, expected: CELLS_FROM_GIST }, true, big)).toBe('cells')
    expect(pathOf({ ...e, window_share: 1 }, false, Math.ceil(INDEX_READS_MAX / 0.1) + 1)).toBe('gist')
    expect(pathOf({ ...e, window_share: 1 }, false, INDEX_READS_MAX / 0.1 - 1)).toBe('box')
    // an area wider than BOX_COLUMNS_MAX columns of 80 m cells: not by its cells' index (one range
    // per column), but the time index reads the street's window whatever the width
    const wide = 80 * BOX_COLUMNS_MAX + 1
    expect(pathOf({ ...e, window_share: 1, box_width_m: wide - 2 }, false, n)).toBe('box')
    expect(pathOf({ ...e, window_share: 1, box_width_m: wide }, false, n)).toBe('gist')
    expect(pathOf({ ...e, window_share: 1, box_width_m: wide, expected: CELLS_FROM_GIST }, false, n)).toBe('cells')
    expect(pathOf({ ...e, box_width_m: wide }, true, n)).toBe('time')
  })
})
