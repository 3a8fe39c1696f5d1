import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { COVERAGE_RADII, MAX_CACHED_WINDOWS } from './coverage.ts'

// Red-team cases of issue 24 against GET /analysis/bike-coverage: an anonymous reader must not
// grow the coverage caches by asking for ever new radii or windows.

describe('GET /analysis/bike-coverage: bounded caches', () => {
  it('a radius outside the allowed set is 400 and caches nothing', async () => {
    const db = await testDb()
    for (const r of [137, 299, 1000]) {
      const { status } = await getJson(`/api/v1/analysis/bike-coverage?radius=${r}`)
      expect(status, String(r)).toBe(400)
    }
    const radii = await db.query<{ r: number }>('SELECT DISTINCT radius_m AS r FROM bike_coverage')
    for (const { r } of radii) expect(COVERAGE_RADII as readonly number[]).toContain(r)
  })

  it(`distinct windows asked at once keep at most ${MAX_CACHED_WINDOWS} stored answers for the radius`, async () => {
    const db = await testDb()
    const day = (k: number) => new Date(Date.UTC(2025, 0, 1 + k)).toISOString().slice(0, 10)
    const asked = Array.from({ length: MAX_CACHED_WINDOWS + 20 }, (_, k) => `from=${day(k)}&to=2026-12-01`)
    const answers = await Promise.all(asked.map((w) => getJson<{ uncovered_issues: number }>(`/api/v1/analysis/bike-coverage?radius=250&${w}`)))
    for (const a of answers) expect(a.status).toBe(200)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bike_coverage_sites WHERE street_id = 1 AND radius_m = 250')
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThanOrEqual(MAX_CACHED_WINDOWS)
    // What is kept is still right: the newest window answers as a fresh computation does.
    const last = await getJson<{ uncovered_issues: number }>(`/api/v1/analysis/bike-coverage?radius=250&${asked.at(-1)}`)
    expect(last.body.uncovered_issues).toBe(answers.at(-1)!.body.uncovered_issues)
  }, 300_000)
})
