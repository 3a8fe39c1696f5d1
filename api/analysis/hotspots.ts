/** Hot spots: binned counts (hexagons or squares) and Gi* per grid, under the shared filters. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { atVersion } from '../cache/memo.ts'
import type { IssueFilter } from '../filters.ts'
import { countRows, SCAN_BELOW, streetIssues } from '../stats/counts.ts'
import type { CountRow } from '../stats/fold.ts'
import { giStar, significance } from './gistar.ts'

const Q = {
  bins: sql(import.meta.url, 'bins.sql'),
  binsRollup: sql(import.meta.url, 'bins-rollup.sql'),
  grids: sql(import.meta.url, 'gi-grids.sql'),
}

/** Whether issue_hexes can answer: 100 m hexagons, no bbox (filters[6]). */
const rollupHolds = (size: number, shape: 'hex' | 'square', filters: unknown[]) => shape === 'hex' && size === 100 && filters[6] == null

/**
 * How bins are counted: `rollup` sums issue_hexes (migration 0300), which only holds 100 m hexagons
 * and cannot filter by a bbox; `scan` counts the filtered issues (bins.sql). A street of fewer than
 * SCAN_BELOW issues (its size from the all-time rollup rows, remembered per database: api/stats/counts.ts)
 * is scanned; docs/performance.md ("Hex bins from a rollup") has the measured crossover.
 */
export async function binsPlan(q: Queryable, street: number, size: number, shape: 'hex' | 'square', filters: unknown[]) {
  if (!rollupHolds(size, shape, filters)) return 'scan'
  return (await streetIssues(q, street)) < SCAN_BELOW ? 'scan' : 'rollup'
}

/**
 * Counted bins as a GeoJSON FeatureCollection (cell indices as in ST_HexagonGrid/ST_SquareGrid).
 * `filters` are filterParams' (from, to, categories, statuses, community, grid, bbox); `how` forces a
 * plan (tests and the benchmark), else binsPlan chooses.
 */
export async function bins(q: Queryable, street: number, size: number, shape: 'hex' | 'square', filters: unknown[], how?: 'scan' | 'rollup') {
  const plan = how ?? (await binsPlan(q, street, size, shape, filters))
  if (plan === 'rollup' && !rollupHolds(size, shape, filters)) throw new Error('the hexagon rollup holds 100 m hexagons without a bbox')
  const rows = await q.query<{ i: number; j: number; n: number; geometry: unknown }>(
    plan === 'rollup' ? Q.binsRollup : Q.bins,
    plan === 'rollup' ? [street, ...filters.slice(0, 6)] : [street, size, shape, ...filters],
  )
  return {
    type: 'FeatureCollection' as const,
    size_m: size,
    shape,
    features: rows.map((r) => ({ type: 'Feature' as const, geometry: r.geometry, properties: { i: r.i, j: r.j, count: r.n } })),
  }
}

/** A grid as Gi* sees it: its area and the codes of the grids it touches. */
interface GiGrid {
  grid_code: string
  area_m2: number
  neighbours: string[] | null
}

/**
 * Gi* z-score and class per grid on issue density (per km²), with queen-contiguity neighbours.
 * `count` gives the per-grid rows (the route's are shared with the statistics' count of the same
 * rows, api/stats/counts.ts sharedCountRows); by default they are counted here.
 */
export async function gridHotspots(
  q: Queryable,
  street: number,
  filter: IssueFilter,
  now: Date,
  count: () => Promise<CountRow[]> = () => countRows(q, street, filter, now, null),
) {
  // The grids, their areas and which touch which change with the map, not with reports: kept per shape
  // version (api/cache/memo.ts). Every pair of grids was tested for contiguity again at every write's
  // recomputation (docs/performance.md, "Live under writes: the area analysis from the read cache …").
  const [grids, counted] = await Promise.all([atVersion(q, `analysis/gi-grids ${street}`, () => q.query<GiGrid>(Q.grids, [street])), count()])
  const counts = new Map<string, number>()
  for (const c of counted) counts.set(c.grid_code, (counts.get(c.grid_code) ?? 0) + c.total)
  const index = new Map(grids.map((g, k) => [g.grid_code, k]))
  const n = grids.map((g) => counts.get(g.grid_code) ?? 0)
  const x = grids.map((g, k) => n[k] / (g.area_m2 / 1e6))
  const nb = grids.map((g) => (g.neighbours ?? []).map((c) => index.get(c)!))
  const z = giStar(x, nb)
  return grids.map((g, k) => ({ grid_code: g.grid_code, count: n[k], per_km2: x[k], z: z[k], class: significance(z[k]) }))
}
