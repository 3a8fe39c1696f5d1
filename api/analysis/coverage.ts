/** Shared-bike parking coverage: covered area, per-grid ratios, uncovered demand and suggested sites. */
import type { MultiPoint, MultiPolygon } from 'geojson'
import type { Queryable } from '../../db/adapter.ts'
import { SilentFailure } from '../../db/single.ts'
import { namedSql, sql } from '../../db/sql.ts'

const Q = {
  ensure: sql(import.meta.url, 'coverage-ensure.sql'),
  read: namedSql(import.meta.url, 'coverage-read.sql'),
  gaps: sql(import.meta.url, 'coverage-gaps.sql'),
  gapPoints: sql(import.meta.url, 'coverage-gap-points.sql'),
}

/** How many uncovered issue positions `geometry=true` returns at most (a map layer, not an export). */
export const MAX_GAP_POINTS = 20_000

/** How many suggested sites a response lists at most. */
export const MAX_SUGGESTIONS = 10

/**
 * The walking radii (m) a coverage may be asked for: each is a cached union of buffers patched on
 * every zone change, so an anonymous reader must not add one per metre (the web offers 100–300).
 */
export const COVERAGE_RADII = [50, 100, 150, 200, 250, 300, 400, 500] as const

/** How many windows' uncovered counts and sites are kept per (street, radius); the oldest stored go first. */
export const MAX_CACHED_WINDOWS = 50

export interface CoverageRequest {
  street: number
  radius: number
  from?: Date
  to?: Date
  geometry?: boolean
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0)

/**
 * The contract's bike-coverage body; with `geometry`, also `covered` (the covered area) and `gaps`
 * (the uncovered bike-parking issues, at most MAX_GAP_POINTS) as GeoJSON for the map.
 */
export async function bikeCoverage(q: Queryable, r: CoverageRequest) {
  const [first, end] = wholeDays(r.from, r.to)
  const inputs = Q.read.params({
    street: r.street,
    radius: r.radius,
    geometry: r.geometry ?? false,
    key: windowKey(r),
    from: r.from ?? null,
    to: r.to ?? null,
    sites: MAX_SUGGESTIONS,
    first,
    end,
    keep: MAX_CACHED_WINDOWS,
  })
  const read = async () => (await q.query<Cached>(Q.read.text, inputs, { keepPlan: true }))[0]
  // The stored answer for this window and coverage version, or (migration 0310: no issue read) the
  // uncovered count and sites computed from the stored cells, or for a window its whole days from
  // the cells' running sums (0341, 0348) and its partial first and last day from the issues, and
  // stored in the same statement with the version (at most MAX_CACHED_WINDOWS windows per radius);
  // the next read returns it while that version is current.
  let found = await read()
  if (!found) {
    await q.query(Q.ensure, [r.street, r.radius])
    found = await read()
    if (!found) throw new SilentFailure('bike coverage')
  }
  // The gaps' function answers at least one row (its count); none is a failure (db/single.ts).
  if (found.gaps?.uncovered == null) throw new SilentFailure('bike coverage gaps')
  const points = r.geometry
    ? (await q.query<{ gaps: unknown }>(Q.gapPoints, [r.street, r.radius, r.from ?? null, r.to ?? null, MAX_GAP_POINTS]))[0].gaps
    : undefined
  return {
    radius_m: r.radius,
    street_area_m2: found.street_area_m2,
    covered_area_m2: found.covered_area_m2,
    coverage_ratio: ratio(found.covered_area_m2, found.street_area_m2),
    grids: found.grids.map((g) => ({ grid_code: g.grid_code, coverage_ratio: ratio(g.covered_m2, g.area_m2), covered_m2: g.covered_m2 })),
    uncovered_issues: found.gaps.uncovered,
    suggestions: found.gaps.suggestions,
    ...(r.geometry ? { covered: found.covered as MultiPolygon, gaps: points as MultiPoint } : {}),
  }
}

type Site = { lon: number; lat: number; demand: number; gain_m2: number }

type Gaps = { uncovered: number; suggestions: Site[] }

/** What coverage-read.sql returns for a cached radius. */
type Cached = {
  street_area_m2: number
  covered_area_m2: number
  covered: unknown
  grids: { grid_code: string; area_m2: number; covered_m2: number }[]
  gaps: { uncovered: number | null; suggestions: Site[] } | null
}

/** The key a window's answer is stored under. */
const windowKey = (r: CoverageRequest) => `${r.from?.toISOString() ?? ''}/${r.to?.toISOString() ?? ''}`

type GapRow = { uncovered: number; lon: number | null; lat: number | null; demand: number; gain_m2: number }

const DAY_MS = 86_400_000

/** A UTC day number as coverage-gaps.sql's date parameter, the open ends as PostgreSQL's infinities. */
const dayText = (d: number) => (d === -Infinity ? '-infinity' : d === Infinity ? 'infinity' : new Date(d * DAY_MS).toISOString().slice(0, 10))

/**
 * The whole UTC days inside the window [from, to): the first and the one after the last, as dates
 * (an open end is infinite), or nulls when the window holds no whole day (or there is no window).
 */
export function wholeDays(from?: Date, to?: Date): [string | null, string | null] {
  if (!from && !to) return [null, null]
  const first = from ? Math.ceil(from.getTime() / DAY_MS) : -Infinity
  const end = to ? Math.floor(to.getTime() / DAY_MS) : Infinity
  return first < end ? [dayText(first), dayText(end)] : [null, null]
}

/**
 * The uncovered bike-parking issues and suggested sites counted afresh from the issues, stored
 * nowhere (coverage-gaps.sql, `fresh`): the property test's reference for what bikeCoverage reads
 * from the cells and their running sums.
 */
export async function freshGaps(q: Queryable, r: CoverageRequest): Promise<Gaps> {
  const [first, end] = wholeDays(r.from, r.to)
  const rows = await q.query<GapRow>(Q.gaps, [
    r.street,
    r.radius,
    r.from ?? null,
    r.to ?? null,
    MAX_SUGGESTIONS,
    true,
    first,
    end,
    null,
    MAX_CACHED_WINDOWS,
  ])
  // At least one row (with no site listed, one of nulls beside the count); none is a failure (db/single.ts).
  if (!rows.length) throw new SilentFailure('bike coverage gaps')
  const suggestions = rows
    .filter((g) => g.lon !== null && g.lat !== null)
    .map((g) => ({ lon: g.lon!, lat: g.lat!, demand: g.demand, gain_m2: g.gain_m2 }))
  return { uncovered: rows[0].uncovered, suggestions }
}
