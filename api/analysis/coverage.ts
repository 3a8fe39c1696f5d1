/** Shared-bike parking coverage: covered area, per-grid ratios, uncovered demand and suggested sites. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'

const Q = {
  ensure: sql(import.meta.url, 'coverage-ensure.sql'),
  street: sql(import.meta.url, 'coverage-street.sql'),
  grids: sql(import.meta.url, 'coverage-grids.sql'),
  gaps: sql(import.meta.url, 'coverage-gaps.sql'),
}

/** How many suggested sites a response lists at most. */
export const MAX_SUGGESTIONS = 10

export interface CoverageRequest {
  street: number
  radius: number
  from?: Date
  to?: Date
  geometry?: boolean
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0)

/** The contract's bike-coverage body (plus `covered`, the covered area as GeoJSON, when asked). */
export async function bikeCoverage(q: Queryable, r: CoverageRequest) {
  await q.query(Q.ensure, [r.street, r.radius])
  const [street] = await q.query<{ street_area_m2: number; covered_area_m2: number; covered: unknown }>(Q.street, [
    r.street,
    r.radius,
    r.geometry ?? false,
  ])
  const grids = await q.query<{ grid_code: string; area_m2: number; covered_m2: number }>(Q.grids, [r.street, r.radius])
  const gaps = await q.query<{ uncovered: number; lon: number | null; lat: number | null; demand: number; gain_m2: number }>(
    Q.gaps,
    [r.street, r.radius, r.from ?? null, r.to ?? null, MAX_SUGGESTIONS],
  )
  return {
    radius_m: r.radius,
    street_area_m2: street.street_area_m2,
    covered_area_m2: street.covered_area_m2,
    coverage_ratio: ratio(street.covered_area_m2, street.street_area_m2),
    grids: grids.map((g) => ({ grid_code: g.grid_code, coverage_ratio: ratio(g.covered_m2, g.area_m2), covered_m2: g.covered_m2 })),
    uncovered_issues: gaps[0]?.uncovered ?? 0,
    suggestions: gaps
      .filter((g) => g.lon !== null && g.lat !== null)
      .map((g) => ({ lon: g.lon!, lat: g.lat!, demand: g.demand, gain_m2: g.gain_m2 })),
    ...(r.geometry ? { covered: street.covered } : {}),
  }
}
