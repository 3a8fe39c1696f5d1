import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { SCAN_BELOW, streetIssues } from '../stats/counts.ts'
import { sql } from '../../db/sql.ts'
import { countInArea, countInStreet, countingPath } from './area.ts'

// The area analysis chooses how to count by the street's size, as the statistics do: on a street of
// fewer than SCAN_BELOW issues the area is counted through the GiST index without the estimate and
// the control's street from one scan of its issues; on a larger one by the estimate and the cells.
// Every plan answers the same rows, checked here against a third formulation (a plain SQL count).

type Row = { category_code: string; status: string; n: number; overdue: number }
const key = (r: Row) => `${r.category_code}|${r.status}`
const sorted = (rows: Row[]) => rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))

/** The database, recording the text of every statement sent through it. */
function recording(q: Queryable): { q: Queryable; texts: string[] } {
  const texts: string[] = []
  return { texts, q: { query: (text: string, params?: unknown[]) => (texts.push(text), q.query(text, params)) } as Queryable }
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

describe('area analysis plan by street size', () => {
  it("takes the plan the street's size calls for, and every plan counts the same rows", async () => {
    const db = await testDb()
    const n = await streetIssues(db, 1)
    const [{ g }] = await db.query<{ g: string }>(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Transform(ST_Centroid(boundary), 4547), 400), 4326)) AS g FROM streets WHERE id = 1`,
    )
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
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW))).toEqual(street)
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW, 'scan'))).toEqual(street)
      expect(sorted(await countInStreet(db, 1, win, null, TEST_NOW, 'cells'))).toEqual(street)
    }
    // the square holds issues, so equal answers are not two empty lists
    expect(inside).toBeGreaterThan(0)
  })

  it("scales the area's expected issues by each window's share of the street's issues, counted from the issues", async () => {
    const db = await testDb()
    const [{ g }] = await db.query<{ g: string }>(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Transform(ST_Centroid(boundary), 4547), 400), 4326)) AS g FROM streets WHERE id = 1`,
    )
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
  })
})
