/** Folds per-grid-and-category counts into the contract's grid, community and summary shapes. */

export interface Counts {
  total: number
  open: number
  overdue: number
  closed: number
  answered: number
}
export interface CountRow extends Counts {
  grid_code: string
  category_code: string
}
export interface AreaRow {
  grid_code: string
  name: string
  community_code: string
  community_name: string
  area_m2: number
  community_area_m2: number
  points: number
}

/** Areas are served to 0.1 m²: both engines then agree to the digit (their PROJ builds differ at 1e-10). */
const m2 = (a: number) => Math.round(a * 10) / 10

const zero = (): Counts => ({ total: 0, open: 0, overdue: 0, closed: 0, answered: 0 })

function add(into: Counts, c: Counts): Counts {
  into.total += c.total
  into.open += c.open
  into.overdue += c.overdue
  into.closed += c.closed
  into.answered += c.answered
  return into
}

/** 整改率 = closed / (closed + answered + overdue); null when nothing is due. */
export function rectificationRate(c: Counts): number | null {
  const due = c.closed + c.answered + c.overdue
  return due === 0 ? null : c.closed / due
}

/** The measures derived from counts and an area: rate, per km², per field point. */
function derive(c: Counts, areaM2: number, points: number) {
  // Spelled out rather than spread: this runs for every grid of every statistics request.
  return {
    total: c.total,
    open: c.open,
    overdue: c.overdue,
    closed: c.closed,
    answered: c.answered,
    rectification_rate: rectificationRate(c),
    per_km2: areaM2 > 0 ? c.total / (areaM2 / 1e6) : null,
    points,
    per_point: points > 0 ? c.total / points : null,
  }
}

function byKey<K extends string>(rows: CountRow[], key: (r: CountRow) => K): Map<K, Counts> {
  const m = new Map<K, Counts>()
  for (const r of rows) add(m.get(key(r)) ?? m.set(key(r), zero()).get(key(r))!, r)
  return m
}

/** One row per grid, zeros included, in grid-code order. */
export function foldGrids(areas: AreaRow[], rows: CountRow[]) {
  const m = byKey(rows, (r) => r.grid_code)
  return areas.map((a) => ({
    grid_code: a.grid_code,
    name: a.name,
    community_code: a.community_code,
    area_m2: m2(a.area_m2),
    ...derive(m.get(a.grid_code) ?? zero(), m2(a.area_m2), a.points),
  }))
}

/** One row per community, the sum of its grids (each issue's community is its grid's). */
export function foldCommunities(areas: AreaRow[], rows: CountRow[]) {
  const grids = byKey(rows, (r) => r.grid_code)
  const out = new Map<string, { name: string; area_m2: number; points: number; c: Counts }>()
  for (const a of areas) {
    const e = out.get(a.community_code) ?? { name: a.community_name, area_m2: a.community_area_m2, points: 0, c: zero() }
    e.points += a.points
    add(e.c, grids.get(a.grid_code) ?? zero())
    out.set(a.community_code, e)
  }
  return [...out].map(([code, e]) => ({
    community_code: code,
    name: e.name,
    area_m2: m2(e.area_m2),
    ...derive(e.c, m2(e.area_m2), e.points),
  }))
}

/** The street-wide summary with the by-category breakdown (every category, zeros included). */
export function foldSummary(categories: { code: string; name: string }[], rows: CountRow[]) {
  const total = rows.reduce((acc, r) => add(acc, r), zero())
  const cats = byKey(rows, (r) => r.category_code)
  return {
    ...total,
    rectification_rate: rectificationRate(total),
    by_category: categories.map((k) => {
      const c = cats.get(k.code) ?? zero()
      return { category: k.code, name: k.name, total: c.total, open: c.open, overdue: c.overdue, closed: c.closed }
    }),
  }
}
