/** The planning view's state as URL query parameters (so a view can be shared) and as API filters. */
import type { LocationQuery } from 'vue-router'
import type { Filter } from '../../api/queries.ts'
import { dayStart, isoLocal, localDate } from '../../api/time.ts'
import { STATUSES } from '../../../api/issues/states.ts'
import { STREET_OFFSET } from '../../../api/time-zone.ts'

export const RANGES = ['7d', '30d', '90d', '365d', 'custom'] as const
export type Range = (typeof RANGES)[number]
export const MEASURES = ['open', 'total', 'per_km2', 'overdue'] as const
export type Measure = (typeof MEASURES)[number]
export const LEVELS = ['grids', 'communities'] as const
export const DATA_LAYERS = ['heat', 'hex', 'points', 'none'] as const
/** The choropleth alone by default: one measure on the map at a time (a heat layer is a second one). */
export const DEFAULT_LAYER: (typeof DATA_LAYERS)[number] = 'none'
/** Walking radii of the bike-parking coverage layer in metres; 0 = layer off. */
export const COVERAGE_RADII = [0, 100, 200, 300] as const
export type CoverageRadius = (typeof COVERAGE_RADII)[number]
/** The status list, the API's own. */
export const STATUS_CODES = STATUSES

export interface PlanState {
  range: Range
  /** Inclusive calendar dates (YYYY-MM-DD), used when range is custom. */
  from: string
  to: string
  categories: string[]
  statuses: string[]
  community: string
  measure: Measure
  level: (typeof LEVELS)[number]
  layer: (typeof DATA_LAYERS)[number]
  /** Bike-parking coverage at this walking radius, 0 = not shown. */
  coverage: CoverageRadius
  /** The drawn area's before/after windows (inclusive dates); default: the last 30 days and the 30 before. */
  before: Span
  after: Span
}

/** Inclusive calendar dates (YYYY-MM-DD). */
export interface Span {
  from: string
  to: string
}

const one = (v: LocationQuery[string]) => (Array.isArray(v) ? v[0] : v) ?? ''
const list = (v: LocationQuery[string]) =>
  one(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
const pick = <T extends string>(v: string, allowed: readonly T[], dflt: T): T => ((allowed as readonly string[]).includes(v) ? (v as T) : dflt)
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The default before/after windows: the 30 days ending today, and the 30 days before them. */
export function defaultSpans(now = new Date()): { before: Span; after: Span } {
  return {
    before: { from: localDate(dayStart(now, -59)), to: localDate(dayStart(now, -30)) },
    after: { from: localDate(dayStart(now, -29)), to: localDate(now) },
  }
}

/** A span written `YYYY-MM-DD..YYYY-MM-DD`; the default when missing, malformed or reversed. */
function span(v: string, dflt: Span): Span {
  const [from, to] = v.split('..')
  return DATE.test(from ?? '') && DATE.test(to ?? '') && from <= to ? { from, to } : dflt
}
const spanText = (s: Span) => `${s.from}..${s.to}`

/** A span as the API's half-open window [from 00:00, day after `to` 00:00) in the street's zone. */
export function spanWindow(s: Span): { from: string; to: string } {
  return { from: `${s.from}T00:00:00${STREET_OFFSET}`, to: isoLocal(dayStart(new Date(`${s.to}T00:00:00${STREET_OFFSET}`), 1)) }
}

/** Reads the state from the URL, falling back to defaults for anything missing or malformed. */
export function fromQuery(q: LocationQuery, now = new Date()): PlanState {
  const range = pick(one(q.range), RANGES, '30d')
  const from = DATE.test(one(q.from)) ? one(q.from) : localDate(dayStart(now, -29))
  const to = DATE.test(one(q.to)) ? one(q.to) : localDate(now)
  const spans = defaultSpans(now)
  return {
    range,
    from,
    to: to < from ? from : to,
    categories: list(q.category),
    statuses: list(q.status).filter((s) => (STATUS_CODES as readonly string[]).includes(s)),
    community: /^\d{12}$/.test(one(q.community)) ? one(q.community) : '',
    measure: pick(one(q.measure), MEASURES, 'open'),
    level: pick(one(q.level), LEVELS, 'grids'),
    layer: pick(one(q.layer), DATA_LAYERS, DEFAULT_LAYER),
    coverage: COVERAGE_RADII.find((r) => String(r) === one(q.coverage)) ?? 0,
    before: span(one(q.before), spans.before),
    after: span(one(q.after), spans.after),
  }
}

/** Writes the state as a compact query (defaults omitted; dates only for a custom range). */
export function toQuery(s: PlanState, now = new Date()): Record<string, string> {
  const q: Record<string, string> = {}
  const spans = defaultSpans(now)
  if (s.range !== '30d') q.range = s.range
  if (s.range === 'custom') Object.assign(q, { from: s.from, to: s.to })
  if (s.categories.length) q.category = s.categories.join(',')
  if (s.statuses.length) q.status = s.statuses.join(',')
  if (s.community) q.community = s.community
  if (s.measure !== 'open') q.measure = s.measure
  if (s.level !== 'grids') q.level = s.level
  if (s.layer !== DEFAULT_LAYER) q.layer = s.layer
  if (s.coverage) q.coverage = String(s.coverage)
  if (spanText(s.before) !== spanText(spans.before)) q.before = spanText(s.before)
  if (spanText(s.after) !== spanText(spans.after)) q.after = spanText(s.after)
  return q
}

/** The API filter for the state: a half-open [from, to) window in the street's zone. */
export function toFilter(s: PlanState, now = new Date()): Filter {
  const days = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 } as const
  const w = s.range === 'custom' ? spanWindow(s) : { from: isoLocal(dayStart(now, -(days[s.range] - 1))), to: isoLocal(dayStart(now, 1)) }
  return {
    ...w,
    category: s.categories.join(',') || undefined,
    status: s.statuses.join(',') || undefined,
    community: s.community || undefined,
  }
}
