/** Area analysis: counts, field points, coverage and top places inside a polygon; before/after vs a control. */
import type { Db, Queryable } from '../../db/adapter.ts'
import { sql, toNamed } from '../../db/sql.ts'
import { atVersion, memoKey, type Budget } from '../cache/memo.ts'
import { digestOf } from '../cache/store.ts'
import { SCAN_BELOW, streetIssues } from '../stats/counts.ts'
import type { CheckedShape } from './polygon.ts'
import { asJsonRows, manyRows } from '../../db/many-rows.ts'
import { rowsOf, SilentFailure, single } from '../../db/single.ts'

/** The parts of an area's analysis, each its own statement with named inputs (db/sql.ts). */
const PART = {
  facts: sql(import.meta.url, 'area-facts.sql'),
  places: sql(import.meta.url, 'area-places.sql'),
  countsGist: sql(import.meta.url, 'area-counts-gist.sql'),
  countsIndex: sql(import.meta.url, 'area-counts-index.sql'),
  streetScan: sql(import.meta.url, 'area-street-scan.sql'),
  small: sql(import.meta.url, 'area-small.sql'),
}

/**
 * A small street's whole analysis as one statement, on PGlite (ONE_STATEMENT_BELOW says why not on
 * the server): the facts' row, with each other part's one row
 * (its rows as JSON) as a column named after it. There every part takes under a millisecond and
 * each statement sent costs a round trip and its own plan (on PGlite a turn of the engine's
 * thread): at 10³ issues the whole analysis took 2.8 ms in one statement against 3.5 ms in parts
 * on the server, 4.9 against 6.8 ms on PGlite (docs/performance.md, "A small street's area in one
 * statement").
 */
const inOne = (parts: Record<string, string>) =>
  toNamed(
    // Only once the radius's coverage is built (a read that finds none builds it and asks again):
    // a flood of first reads would otherwise each count everything twice.
    `SELECT f.*, ${Object.entries(parts)
      .map(([name, text]) => `CASE WHEN f.has_coverage THEN (SELECT x.rows FROM (\n${text}\n) x) END AS ${name}`)
      .join(', ')}\nFROM (\n${PART.facts}\n) f`,
  )

const Q = {
  counts: sql(import.meta.url, 'area-counts.sql'),
  countsGist: toNamed(PART.countsGist),
  countsIndex: toNamed(PART.countsIndex),
  outline: sql(import.meta.url, 'area-outline.sql'),
  leaves: sql(import.meta.url, 'area-leaves.sql'),
  estimate: sql(import.meta.url, 'area-estimate.sql'),
  facts: toNamed(PART.facts),
  places: toNamed(PART.places),
  street: sql(import.meta.url, 'area-street.sql'),
  streetScan: toNamed(PART.streetScan),
  small: toNamed(PART.small),
  ensure: sql(import.meta.url, 'coverage-ensure.sql'),
  /** One window: the area by the GiST index and the street from one scan of its issues. */
  wholeOne: inOne({ places: PART.places, area: asJsonRows(PART.countsGist), street: PART.streetScan }),
  /** Several windows (before/after): every window's counts from one read of the street's issues. */
  wholeWindows: inOne({ places: PART.places, counts: PART.small }),
}

export interface Window {
  from?: Date
  to?: Date
}
export interface AreaRequest extends Window {
  street: number
  /** The checked polygon clipped to the street's box (checkInStreet): an unclipped one may count wrong. */
  shape: CheckedShape
  categories?: string[]
  radius: number
  now: Date
  compare?: { before: Window; after: Window }
}

type Row = { category_code: string; status: string; n: number; overdue: number }
export interface Tally {
  total: number
  open: number
  overdue: number
  closed: number
  answered: number
}

const OPEN = new Set(['reported', 'assigned', 'rectifying', 'rectified'])
const zero = (): Tally => ({ total: 0, open: 0, overdue: 0, closed: 0, answered: 0 })

/** Sums rows into the contract's status counts, each row weighted by `sign` (−1 subtracts). */
function tally(rows: Row[], into = zero(), sign = 1): Tally {
  for (const r of rows) {
    into.total += sign * r.n
    into.overdue += sign * r.overdue
    if (OPEN.has(r.status)) into.open += sign * r.n
    if (r.status === 'closed') into.closed += sign * r.n
    if (r.status === 'answered') into.answered += sign * r.n
  }
  return into
}

/** Counts by category (every category present in the rows) and by status. */
function breakdown(rows: Row[]) {
  const cats = new Map<string, Row[]>()
  for (const r of rows) cats.set(r.category_code, [...(cats.get(r.category_code) ?? []), r])
  const byStatus: Record<string, number> = {}
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n
  return {
    ...tally(rows),
    by_category: [...cats]
      .map(([category, rs]) => ({ category, ...tally(rs) }))
      // the most first; equal totals by code, whatever order the rows came in
      .sort((a, b) => b.total - a.total || a.category.localeCompare(b.category)),
    by_status: byStatus,
  }
}

const perKm2 = (n: number, m2: number) => (m2 > 0 ? n / (m2 / 1e6) : null)
const change = (before: number, after: number) => (before > 0 ? after / before - 1 : null)

/**
 * From this many issues expected in the area's bounding box within the window, counting by cells
 * beats reading the btree indexes (area-counts-index.sql). Against the GiST index the crossover lay
 * between 2,000 and 12,000 issues inside (3,000 was taken); the btree indexes cost less per issue:
 * at 10⁵ issues (the bench's 0.3 km² square) windows expecting 3,200 and 4,500 issues took 5.5 and
 * 6.5 ms by the 80 m cells' index against 10.2 and 7.9 by cells on the server (PGlite 7.4 and 10.6
 * against 12.7 and 13.5), all time expecting 8,900 11.0 against 9.1 (PGlite 18.8 against 15.2).
 */
export const CELLS_FROM = 6_000

/** Where the btree paths would read too much (INDEX_READS_MAX), the cells take over from this many, as against the GiST index. */
export const CELLS_FROM_GIST = 3_000

/**
 * The cells' cost grows with the edge (each 10 m of it is a cell tested exactly): the crossovers were
 * measured on a 550 m square (2,200 m of edge), so cells need as many expected issues per metre of
 * edge inside the street as the crossover per 2,200 m. A 999-point star across the street (hundreds
 * of km of edge) took 20 s by cells on PGlite and well under one by the index.
 */
const byCells = (e: Estimate, from: number) => (e.expected ?? 0) >= Math.max(from, (from / 2_200) * e.edge_m)

/**
 * The most index entries a btree path may read (~0.1–0.3 µs each, more for pages written since the
 * last vacuum): their count grows with the street, not with the issues inside the area, so on a street
 * of 10⁶ issues a long window or a wide area would read a hundred thousand of them. Beyond it the
 * GiST index or the cells count, as they did before these paths.
 */
export const INDEX_READS_MAX = 20_000

/**
 * Issues inside the area (geometry text: hex EWKB or GeoJSON) per category and status, with the
 * overdue among them at `now`, by one of the exact formulations of CountingPath: the quadtree of
 * rolled-up cells (issue_cells) for dense areas, btree indexes alone for sparse ones on a larger
 * street, the GiST index on a small street (`how` forces one, for tests).
 */
export async function countInArea(
  q: Queryable,
  street: number,
  shape: string,
  w: Window,
  categories: string[] | null,
  now: Date,
  how?: CountingPath,
) {
  const inputs = { street, shape, from: w.from ?? null, to: w.to ?? null, categories, now }
  const pglite = (q as Partial<Db>).engine === 'pglite'
  // PGlite's keep rule below asks about all time too: one estimate answers both windows.
  const [path, allTime] = how ? [how] : await countingPaths(q, street, shape, pglite ? [w, {}] : [w])
  if (path === 'time' || path === 'box') {
    // Each branch's plan suits every window and area it is chosen for: kept.
    const params = Q.countsIndex.params({ ...inputs, ...(await outlineOf(q, shape)), by_time: path === 'time' })
    return manyRows<Row>(q, Q.countsIndex.text, params, 'area counts', { keepPlan: true })
  }
  if (path === 'gist') {
    // The GiST index: a small street's areas, and an area too wide for its cells' index. Where the
    // area holds few issues of all time, one plan suits every window: kept, where PGlite's analysis
    // lane and a server planned it at each run, longer than it ran (PGlite 0.85 against 1.40 ms,
    // server 0.35 against 0.50 at 10³ issues). A kept plan reads all the area's issues and drops
    // those outside the window (for a 30-day window at 10⁵ issues 7.6 against 4.9 ms), so only
    // where all time is not counted by cells; on a server, whose planning costs less, only on a
    // small street. docs/performance.md, "The area's GiST count as rows, grouped by hashing".
    const small = (await streetIssues(q, street)) < SCAN_BELOW
    const planning = { keepPlan: small || (pglite && (allTime ?? (await countingPath(q, street, shape, {}))) !== 'cells') }
    return manyRows<Row>(q, Q.countsGist.text, Q.countsGist.params(inputs), 'area counts', planning)
  }
  const l = await leavesOf(q, street, shape)
  return rowsOf<Row>(await q.query(Q.counts, [street, shape, inputs.from, inputs.to, categories, now, ...leafArgs(l), l.box]), 'area counts')
}

/** An area's quadtree of cells and its projected outline, as area-leaves.sql answers them. */
type Leaves = {
  size_m: number[]
  ci: number[]
  cj: number[]
  inside: boolean[]
  p_in: string
  p_out: string
  box: number[]
}

/** An area's projected outline, shrunk and grown by 0.1 m, and its box (area-outline.sql). */
type Outline = { p_in: string; p_out: string; box: number[] }

/** The outline kept per shape version, as leavesOf keeps the leaves (it depends on the polygon alone). */
function outlineOf(q: Queryable, shape: string): Promise<Outline> {
  const key = `analysis/outline ${digestOf(shape)}`
  return atVersion(q, key, async () => single(await q.query<Outline>(Q.outline, [shape]), 'area outline'), OUTLINES_KEPT)
}
const OUTLINES_KEPT: Budget<Outline> = { store: 'outlines', maxBytes: 4 * 2 ** 20, bytes: (o) => o.p_in.length + o.p_out.length }

/** The leaves as the statements that count by them take them, in this order after their own parameters. */
export const leafArgs = (l: Leaves) => [l.size_m, l.ci, l.cj, l.inside, l.p_in, l.p_out]

/** The leaves kept per database: up to 16 MB of them (a leaf ~16 bytes, the outlines as their hex). */
const LEAVES_KEPT: Budget<Leaves> = { store: 'leaves', maxBytes: 16 * 2 ** 20, bytes: (l) => 16 * l.size_m.length + l.p_in.length + l.p_out.length }

/**
 * The cells an area is counted by (here and in a campaign's daily line): they depend on the polygon
 * and the street's box alone, so they are kept per shape version (api/cache/memo.ts) and the wall's
 * or a campaign's area, counted after every report, cuts its polygon once (docs/performance.md,
 * "Live under writes: the area analysis from the read cache …").
 */
export function leavesOf(q: Queryable, street: number, shape: string): Promise<Leaves> {
  const key = `analysis/leaves ${street} ${digestOf(shape)}`
  return atVersion(q, key, async () => single(await q.query<Leaves>(Q.leaves, [street, shape]), 'area cells'), LEAVES_KEPT)
}

/**
 * How long a path chosen for an area and window is kept (per database: memoKey): a wall or a campaign
 * page asks for the same area again and again, and the estimate's round trip cost as much as the whole
 * count of a short window on a street of 10⁴ issues. Every path counts the same; only the speed may
 * lag a minute behind the data's growth.
 */
const PLAN_TTL_MS = 60_000
/** Plans kept per database (memoKey) before they are all forgotten (a key holds the area's text). */
const PLANS_KEPT = 256
const plans = new WeakMap<object, Map<string, { how: CountingPath; at: number }>>()

/**
 * How an area is counted: by its quadtree of rolled-up cells (area-counts.sql), through the GiST
 * index (area-counts-gist.sql), or from btree indexes alone (area-counts-index.sql): a short window
 * from the time index, else the area's 80 m cells.
 */
export type CountingPath = 'cells' | 'gist' | 'time' | 'box'

/**
 * The columns of 80 m cells beyond which an area is not read by its cells' index (pathOf): an area
 * wider than 5 km (a district's street, or a shape the caller did not clip) would read its box by
 * one range per column, and the GiST index finds its issues sooner.
 */
export const BOX_COLUMNS_MAX = 64

/**
 * A window is read from the time index (the street's issues of the window) rather than the area's
 * 80 m cells (the area box's issues of all time, the window tested on each) when its share of the
 * street's issues is at most this many times the box's share of the street. Measured on the bench's
 * 0.3 km² square (box share 0.089), server, the break-even lay near 3 at 10⁴ issues (the time index
 * 0.78 against 0.88 ms at a share of 0.19, 1.03 against 0.98 at 0.28) and near 1 at 10⁵ (3.3
 * against 3.1 at 0.10, 4.2 against 3.3 at 0.19); PGlite alike. 2 lies between.
 */
export const TIME_INDEX_RATIO = 2

/**
 * Which exact formulation suits this area, for each window. A street of fewer than SCAN_BELOW issues
 * (its size from the all-time rollup rows, remembered per database: api/stats/counts.ts) holds fewer than that
 * in any area, within the measured crossover of the GiST index and the cells (2,000–12,000 issues
 * inside), so the GiST index answers without the estimate's round trip; otherwise the estimate
 * decides (pathOf; one query for every window, kept for PLAN_TTL_MS).
 */
export async function countingPaths(q: Queryable, street: number, shape: string, windows: Window[]): Promise<CountingPath[]> {
  const size = await streetIssues(q, street)
  if (size < SCAN_BELOW) return windows.map(() => 'gist')
  const keys = windows.map((w) => `${street}|${w.from?.getTime() ?? ''}|${w.to?.getTime() ?? ''}|${shape}`)
  let m = plans.get(memoKey(q))
  if (!m) plans.set(memoKey(q), (m = new Map()))
  const now = Date.now()
  const known = keys.map((k) => m.get(k))
  if (known.every((p) => p && now - p.at < PLAN_TTL_MS)) return known.map((p) => p!.how)
  const hows = (await estimateOf(q, street, shape, windows)).map((e, k) =>
    pathOf(e, windows[k].from !== undefined || windows[k].to !== undefined, size),
  )
  if (m.size + keys.length > PLANS_KEPT) m.clear()
  keys.forEach((k, i) => m.set(k, { how: hows[i], at: now }))
  return hows
}

/** area-estimate.sql's guess for one window. */
export type Estimate = { expected: number | null; edge_m: number; box_share: number | null; window_share: number; box_width_m: number }

/** The area's estimate for each window, in their order (area-estimate.sql). */
export async function estimateOf(q: Queryable, street: number, shape: string, windows: Window[]): Promise<Estimate[]> {
  const rows = await q.query<Estimate>(Q.estimate, [street, shape, windows.map((w) => w.from ?? null), windows.map((w) => w.to ?? null)])
  if (rows.length !== windows.length) throw new SilentFailure('area estimate')
  return rows
}

/**
 * The path an estimate calls for on a street of `size` issues that is not small: by the rolled-up
 * cells when many issues are expected, else from the btree indexes (the time index for a short
 * window) unless they would read more than INDEX_READS_MAX entries or (the 80 m cells' index) the
 * area is wider than BOX_COLUMNS_MAX columns, else the GiST index.
 */
export function pathOf(e: Estimate, windowed: boolean, size: number): CountingPath {
  if (byCells(e, CELLS_FROM)) return 'cells'
  const time = windowed && e.window_share <= TIME_INDEX_RATIO * (e.box_share ?? 0)
  const fits = time || e.box_width_m / 80 <= BOX_COLUMNS_MAX
  if (fits && size * (time ? e.window_share : (e.box_share ?? 0)) <= INDEX_READS_MAX) return time ? 'time' : 'box'
  return byCells(e, CELLS_FROM_GIST) ? 'cells' : 'gist'
}

/** countingPaths for one window (all time when none is given). */
export async function countingPath(q: Queryable, street: number, shape: string, w: Window = {}): Promise<CountingPath> {
  return (await countingPaths(q, street, shape, [w]))[0]
}

/**
 * The whole street's issues per category and status for one window: from the 160 m cells, or on a
 * street of fewer than SCAN_BELOW issues from one scan of them (`how` forces one, for tests).
 */
export async function countInStreet(q: Queryable, street: number, w: Window, categories: string[] | null, now: Date, how?: 'cells' | 'scan') {
  const plan = how ?? ((await streetIssues(q, street)) < SCAN_BELOW ? 'scan' : 'cells')
  return rowsOf<Row>(
    plan === 'scan'
      ? await q.query(Q.streetScan.text, Q.streetScan.params({ street, from: w.from ?? null, to: w.to ?? null, categories, now }), { keepPlan: true })
      : await q.query(Q.street, [street, w.from ?? null, w.to ?? null, categories, now]),
    'street counts',
  )
}

/** One window's counts: the area's tally, the control's (the rest of the street) and the area's rows. */
type Counted = { area: Tally; control: Tally; rows: Row[] }

const counted = (area: Row[], street: Row[]): Counted => ({ area: tally(area), control: controlOf(area, street), rows: area })

/**
 * Runs independent parts at once (on a server each on its own pooled connection), or one after the
 * other when `inTurn`: on a small street every part takes under a millisecond, and a request that
 * spreads over seven connections pays more in checkouts (and, on a connection new to a statement,
 * its planning) than it gains; in turn, the parts reuse one warm connection.
 */
async function parts<T extends unknown[]>(inTurn: boolean, fns: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!inTurn) return (await Promise.all(fns.map((f) => f()))) as T
  const out: unknown[] = []
  for (const f of fns) out.push(await f())
  return out as T
}

/** The area's and the control's counts for one window (two queries, at once unless `inTurn`). */
async function windowCounts(
  q: Queryable,
  r: Pick<AreaRequest, 'street' | 'categories' | 'now'>,
  shape: string,
  how: CountingPath,
  w: Window,
  inTurn: boolean,
) {
  const [area, street] = await parts(inTurn, [
    () => countInArea(q, r.street, shape, w, r.categories ?? null, r.now, how),
    () => countInStreet(q, r.street, w, r.categories ?? null, r.now),
  ])
  return counted(area, street)
}

type SmallRow = Row & { w: number; area_n: number; area_overdue: number }

/** area-small.sql's inputs: every window's start and end as two arrays. */
const smallInputs = (r: Pick<AreaRequest, 'street' | 'categories' | 'now'>, shape: string, windows: Window[]) => ({
  street: r.street,
  shape,
  froms: windows.map((w) => w.from ?? null),
  tos: windows.map((w) => w.to ?? null),
  categories: r.categories ?? null,
  now: r.now,
})

/** area-small.sql's rows as each window's counts, in the windows' order. */
function perWindow(rows: SmallRow[], windows: number): Counted[] {
  const street = (k: number) => rows.filter((x) => x.w === k).map(({ category_code, status, n, overdue }) => ({ category_code, status, n, overdue }))
  const area = (k: number) =>
    rows
      .filter((x) => x.w === k && x.area_n > 0)
      .map(({ category_code, status, area_n, area_overdue }) => ({ category_code, status, n: area_n, overdue: area_overdue }))
  return Array.from({ length: windows }, (_, k) => counted(area(k), street(k)))
}

/**
 * Every window's counts on a small street, in one statement (area-small.sql): the same rows as the
 * index's area count and the street's scan give per window, in one read of the street's issues.
 * The server's small-street analysis sends it alone (parts in turn); PGlite's sends its text inside
 * its one statement (Q.wholeWindows).
 */
export async function smallStreetCounts(
  q: Queryable,
  r: Pick<AreaRequest, 'street' | 'categories' | 'now'>,
  shape: string,
  windows: Window[],
): Promise<Counted[]> {
  const rows = await q.query(Q.small.text, Q.small.params(smallInputs(r, shape, windows)), { keepPlan: true })
  return perWindow(rowsOf<SmallRow>(rows, 'area counts'), windows.length)
}

/** Every window's counts, each by the plan its estimate calls for (at once unless `inTurn`). */
async function eachWindowCounts(
  q: Queryable,
  r: Pick<AreaRequest, 'street' | 'categories' | 'now'>,
  shape: string,
  windows: Window[],
  inTurn: boolean,
) {
  const hows = await countingPaths(q, r.street, shape, windows)
  return parts(
    inTurn,
    windows.map((w, k) => () => windowCounts(q, r, shape, hows[k], w, inTurn)),
  )
}

/** A window's area rows per category and status (countInArea's answer). */
export type AreaRows = Row[]

/** Only the rows of the categories listed (all when none are). */
export const rowsIn = (rows: AreaRows, categories?: string[] | null) => (categories ? rows.filter((x) => categories.includes(x.category_code)) : rows)

/** The tally of some rows, only the categories listed (all when none are). */
export const tallyOf = (rows: AreaRows, categories?: string[] | null): Tally => tally(rowsIn(rows, categories))

/** The control's tally (the rest of the street) from the area's rows and the street's, as windowCounts takes it. */
export const controlOf = (area: AreaRows, street: AreaRows): Tally => tally(area, tally(street), -1)

/** The whole analysis's plan by the street's size, the engine and the windows (see ONE_STATEMENT_BELOW). */
async function planOf(q: Queryable, street: number, windows: number): Promise<AreaPlan> {
  const size = await streetIssues(q, street)
  if ((q as Partial<Db>).engine === 'pglite') return size < (windows > 1 ? WINDOWS_IN_ONE_BELOW : ONE_STATEMENT_BELOW) ? 'one' : 'parts'
  return size < SCAN_BELOW ? 'turn' : 'parts'
}

type Facts = { area_m2: number; street_area_m2: number; covered_m2: number; area_4547_m2: number; has_coverage: boolean }
type Place = { code: string; name: string; class_code: string; lon: number; lat: number; issues: number }
/** The analysis in one statement: the facts with the other parts as columns (Q.wholeOne, Q.wholeWindows). */
type Whole = Facts & { places: Place[] | null; area?: Row[] | null; street?: Row[] | null; counts?: SmallRow[] | null }

/**
 * Reads something with the area's facts (area-facts.sql); when the radius's coverage is not built
 * yet (its first use), builds it and reads again. The coverage, once built, is kept current by every
 * write (migration 0020), so a read does not ask for it first.
 */
async function withCoverage<T extends Facts>(q: Queryable, r: AreaRequest, read: () => Promise<T>): Promise<T> {
  const first = await read()
  if (first.has_coverage) return first
  single(await q.query(Q.ensure, [r.street, r.radius]), 'coverage')
  const built = await read()
  if (!built.has_coverage) throw new SilentFailure('coverage')
  return built
}

/**
 * A small street's whole analysis in one statement (inOne): one window's counts by the GiST index
 * and the street's scan, several windows' from one read of the street's issues (area-small.sql).
 */
async function inOneStatement(q: Queryable, r: AreaRequest, windows: Window[]): Promise<[Facts, Place[], Counted[]]> {
  const several = windows.length > 1
  const statement = several ? Q.wholeWindows : Q.wholeOne
  const inputs = { ...smallInputs(r, r.shape, windows), from: r.from ?? null, to: r.to ?? null, radius: r.radius }
  // Kept for streets of up to ONE_STATEMENT_BELOW issues too, beyond countInArea's rule: this
  // statement reads the street's issues whatever its plan (10⁴ issues: 8.8–9.0 ms kept, 9.8 not).
  const row = await withCoverage(q, r, async () =>
    single(await q.query<Whole>(statement.text, statement.params(inputs), { keepPlan: true }), 'area analysis'),
  )
  // Each part answers one row: a part without its column failed without saying so (db/single.ts).
  if (!row.places || (several ? !row.counts : !row.area || !row.street)) throw new SilentFailure('area analysis')
  return [row, row.places, several ? perWindow(row.counts!, windows.length) : [counted(row.area!, row.street!)]]
}

/**
 * The analysis in parts: a large street's at once (on a server each on its own pooled connection,
 * up to seven for a before/after request; PGlite runs them in turn), each window by the plan its
 * estimate calls for (a short window may take the index where all time takes the cells); a small
 * street's on the server one after the other (`inTurn`), its several windows in one statement
 * (area-small.sql).
 */
function inParts(q: Queryable, r: AreaRequest, windows: Window[], inTurn: boolean): Promise<[Facts, Place[], Counted[]]> {
  // A small street's parts (in turn) keep their plans: see countInArea.
  const planning = { keepPlan: inTurn }
  const facts = async () =>
    single(await q.query<Facts>(Q.facts.text, Q.facts.params({ street: r.street, shape: r.shape, radius: r.radius }), planning), 'area facts')
  const places = { street: r.street, shape: r.shape, from: r.from ?? null, to: r.to ?? null, categories: r.categories ?? null }
  // The facts depend on the polygon, the street and its zones' coverage, which no report changes: kept
  // per shape version (api/cache/memo.ts) as the area's cells and outline are, so a wall's area read
  // again after every report does not measure its polygon again (1.8 ms at 10⁵ on PGlite).
  const factsKey = `analysis/area-facts ${r.street} ${r.radius} ${digestOf(r.shape)}`
  return parts(inTurn, [
    () => atVersion(q, factsKey, () => withCoverage(q, r, facts)),
    () => q.query(Q.places.text, Q.places.params(places), planning).then((rows) => rowsOf<Place>(rows, 'area places')),
    () => (inTurn && windows.length > 1 ? smallStreetCounts(q, r, r.shape, windows) : eachWindowCounts(q, r, r.shape, windows, inTurn)),
  ])
}

/**
 * Below how many issues PGlite's whole analysis is one statement. PGlite runs the parts one after
 * the other whatever is asked, each a turn of the engine's thread and a plan: at 10⁴ issues the one
 * statement answered sooner (12.1 against 13.3 ms; before/after 22.6 against 27.1 ms), at 10⁵ far
 * later. Its read of every issue grows by ~1.8 ms per 1,000 issues and the parts by 0.6–0.9 ms
 * (their earlier runs at 10⁵), so the two cross between 13,000 and 15,000 issues; 12,000 keeps a
 * margin. The server keeps a small street's parts in turn: the one statement answered sooner alone
 * (2.8 against 3.5 ms at 10³), but under a flood of analyses its two expensive connections never
 * idle between parts, and on two cores the cheap reads beside them slowed (docs/performance.md, "A
 * small street's area in one statement").
 */
const ONE_STATEMENT_BELOW = 12_000

/**
 * Below how many issues PGlite's analysis of several windows (before/after) is one statement. Its
 * one read of the street's issues (area-small.sql) grows by ~1.6 ms per 1,000 issues, and the parts,
 * since the street's counts come from the cells (0347, 0349) and kept plans, by ~0.7: at 10³ issues
 * the one statement took 5.1 ms against 9.4 in parts, at 10⁴ 19.3 against 15.7 (the peer 19.8), so
 * they cross near 6,000 (docs/performance.md, "The area's GiST count as rows, grouped by hashing").
 */
const WINDOWS_IN_ONE_BELOW = 5_000

/** How the whole analysis runs: one statement, the parts one after the other, or the parts at once. */
export type AreaPlan = 'one' | 'turn' | 'parts'

/**
 * Runs the whole analysis of one area: on PGlite below ONE_STATEMENT_BELOW issues in one statement
 * (with before/after below WINDOWS_IN_ONE_BELOW);
 * on the server below SCAN_BELOW in parts one after the other; otherwise in parts at once (`how`
 * forces one, for tests). Every part answers exactly one row, and a part that fails, loudly or
 * (PGlite) silently, fails the whole answer: never a zero in place of a count. A transaction's
 * handle does not say its engine and takes the server's plans.
 */
export async function analyseArea(q: Queryable, r: AreaRequest, how?: AreaPlan) {
  const windows = r.compare ? [r, r.compare.before, r.compare.after] : [r]
  const plan = how ?? (await planOf(q, r.street, windows.length))
  const [facts, places, [main, b, a]] = plan === 'one' ? await inOneStatement(q, r, windows) : await inParts(q, r, windows, plan === 'turn')
  const controlM2 = facts.street_area_m2 - facts.area_m2
  const side = (t: Tally, m2: number) => ({ ...t, per_km2: perKm2(t.total, m2) })
  let before_after = undefined
  if (b && a) {
    const area = change(b.area.total, a.area.total)
    const control = change(b.control.total, a.control.total)
    before_after = {
      before: { area: side(b.area, facts.area_m2), control: side(b.control, controlM2) },
      after: { area: side(a.area, facts.area_m2), control: side(a.control, controlM2) },
      change: { area, control, difference: area !== null && control !== null ? area - control : null },
    }
  }
  return {
    area_m2: facts.area_m2,
    street_area_m2: facts.street_area_m2,
    counts: { ...breakdown(main.rows), per_km2: perKm2(main.area.total, facts.area_m2) },
    control: side(main.control, controlM2),
    field_points: places.map((p) => ({ code: p.code, name: p.name, class_code: p.class_code, lon: p.lon, lat: p.lat })),
    coverage: {
      radius_m: r.radius,
      covered_m2: facts.covered_m2,
      coverage_ratio: facts.area_4547_m2 > 0 ? Math.min(1, facts.covered_m2 / facts.area_4547_m2) : 0,
    },
    top_places: places
      .filter((p) => p.issues > 0)
      .slice(0, 10)
      .map((p) => ({ code: p.code, name: p.name, lon: p.lon, lat: p.lat, issues: p.issues })),
    ...(before_after ? { before_after } : {}),
  }
}
