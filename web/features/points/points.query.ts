/** The ledger's filters live in the URL (as /plan's do): read from the route, written back on change. */
import type { LocationQuery } from 'vue-router'

export type PointFilters = { cls: string; community: string; grid: string; q: string }

const one = (v: LocationQuery[string]) => (Array.isArray(v) ? v[0] : v) ?? ''

/** The filters a URL's query says; anything missing or malformed means "not filtered". */
export function fromQuery(q: LocationQuery): PointFilters {
  const code = (v: string, re: RegExp) => (re.test(v) ? v : '')
  return {
    cls: code(one(q.class), /^[A-Za-z0-9_]{1,40}$/),
    community: code(one(q.community), /^\d{12}$/),
    grid: code(one(q.grid), /^\d{14}$/),
    q: one(q.q),
  }
}

/** The filters as a compact query (empty ones omitted). */
export function toQuery(f: PointFilters): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.cls) q.class = f.cls
  if (f.community) q.community = f.community
  if (f.grid) q.grid = f.grid
  if (f.q) q.q = f.q
  return q
}

/** The filters after setting `key`; choosing another community drops a grid chosen in the old one. */
export function withFilter<K extends keyof PointFilters>(f: PointFilters, key: K, value: PointFilters[K]): PointFilters {
  return { ...f, [key]: value, ...(key === 'community' ? { grid: '' } : {}) }
}
