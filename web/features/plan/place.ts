/**
 * The numbers of one selected community or grid on /plan (the drill-down): its counts under the
 * filter and in the window just before (环比), its main problems by category, and its overdue cases
 * (a whole list from GET /issues, the overdue flag the server computes).
 */
import { getSummary, type Filter } from '../../api/queries.ts'
import { isoLocal } from '../../api/time.ts'

export type PlaceKind = 'communities' | 'grids'

/** The window of the same length just before the filter's, or null when the filter has no window. */
export function previousWindow(f: Filter): { from: string; to: string } | null {
  if (!f.from || !f.to) return null
  const from = Date.parse(f.from)
  const to = Date.parse(f.to)
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null
  return { from: isoLocal(new Date(from - (to - from))), to: f.from }
}

/** Relative change from `before` to `now` (0.25 = +25 %), or null when there was nothing before. */
export const change = (now: number, before: number | null | undefined) => (before ? (now - before) / before : null)

/** The filter narrowed to one place. */
export function placeFilter(kind: PlaceKind, code: string, f: Filter): Filter {
  return kind === 'grids' ? { ...f, grid: code } : { ...f, community: code }
}

/** The place's summary now and in the previous window (null without a window). */
export async function loadPlaceSummary(kind: PlaceKind, code: string, f: Filter) {
  const here = placeFilter(kind, code, f)
  const prev = previousWindow(f)
  const [now, before] = await Promise.all([getSummary(here), prev ? getSummary({ ...here, ...prev }) : Promise.resolve(null)])
  return { now, before }
}

/** Whole days past the deadline at `now` (at least 1 for an overdue case). */
export const daysOverdue = (deadline: string | null, now = Date.now()) =>
  deadline ? Math.max(1, Math.floor((now - Date.parse(deadline)) / 86_400_000)) : 0

/** The 整治组 ranking's order: weakest 按期结案率 first (groups with nothing due last), then more overdue first. */
export function rankGroups<T extends { on_time_rate: number | null; overdue: number; key: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => (a.on_time_rate ?? 2) - (b.on_time_rate ?? 2) || b.overdue - a.overdue || a.key.localeCompare(b.key))
}
