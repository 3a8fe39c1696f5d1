import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import type { IssueFilter } from '../filters.ts'
import { countRows, countRowsByRollup, countRowsByScan, SCAN_BELOW, streetIssues } from './counts.ts'
import type { CountRow } from './fold.ts'

// The statistics choose how to count by the street's size: a small street's issues are scanned, a
// large one's counted from the rollup. The size comes from the all-time rollup rows; both plans answer
// the same rows.

const key = (r: CountRow) => `${r.grid_code}|${r.category_code}`
const sorted = (rows: CountRow[]) => rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))

/** The database, recording the text of every statement sent through it. */
function recording(q: Queryable): { q: Queryable; texts: string[] } {
  const texts: string[] = []
  return { texts, q: { query: (text: string, params?: unknown[]) => (texts.push(text), q.query(text, params)) } as Queryable }
}

describe('statistics plan by street size', () => {
  it("reads the street's size from the rollup, equal to counting its issues, and takes the plan that size calls for", async () => {
    const db = await testDb()
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE street_id = 1')
    const r = recording(db)
    expect(await streetIssues(r.q, 1)).toBe(n)
    // remembered: a second plan choice asks nothing
    const asked = r.texts.length
    await streetIssues(r.q, 1)
    expect(r.texts.length).toBe(asked)

    const f: IssueFilter = {
      from: new Date('2026-01-01T00:00:00+08:00'),
      to: new Date('2026-11-15T13:30:00+08:00'),
      categories: ['clutter', 'bike_parking'],
      statuses: null,
      community: null,
      grid: null,
      bbox: null,
    }
    r.texts.length = 0
    const planned = await countRows(r.q, 1, f, TEST_NOW, null)
    // the rollup's plan splits the window first (window-split.sql); the scan does not
    const split = r.texts.some((t) => t.includes('use_months'))
    expect(split).toBe(n >= SCAN_BELOW)
    expect(sorted(planned)).toEqual(sorted(await countRowsByScan(db, 1, f, TEST_NOW, null)))
    expect(sorted(planned)).toEqual(sorted(await countRowsByRollup(db, 1, f, TEST_NOW, null)))
  })
})
