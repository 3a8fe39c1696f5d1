/** Filtering of the 83 points happens in the browser: the whole ledger is one small response. */
import type { PointFeature } from './points.api.ts'
import type { PointFilters } from './points.query.ts'

/** The points matching class, community, grid and a case-insensitive name/code search. */
export function filterPoints(all: PointFeature[], f: PointFilters): PointFeature[] {
  const q = f.q.trim().toLowerCase()
  return all.filter((p) => {
    const x = p.properties
    return (
      (!f.cls || x.class_code === f.cls) &&
      (!f.community || x.community_code === f.community) &&
      (!f.grid || x.grid_code === f.grid) &&
      (!q || x.name.toLowerCase().includes(q) || x.code.toLowerCase().includes(q))
    )
  })
}

/** Distinct classes present in the ledger with their counts, in the order of first appearance by code. */
export function classesOf(all: PointFeature[]): { code: string; name: string; n: number }[] {
  const m = new Map<string, { code: string; name: string; n: number }>()
  for (const p of all) {
    const e = m.get(p.properties.class_code) ?? { code: p.properties.class_code, name: p.properties.class_name, n: 0 }
    e.n++
    m.set(e.code, e)
  }
  return [...m.values()].sort((a, b) => b.n - a.n || a.code.localeCompare(b.code))
}
