/**
 * A campaign measured: per phase the area's and the control's counts (exactly what POST
 * /analysis/area gives for that window and polygon: both read api/analysis/area.ts), the
 * difference-in-differences against the baseline, progress against each target, the daily line of
 * new and open issues, and the 顽疾 places inside.
 */
import type { MultiPolygon, Polygon } from 'geojson'
import type { Db, Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { analyseArea, controlOf, countInStreet, leafArgs, leavesOf, rowsIn, tallyOf, type AreaRows, type Tally } from '../analysis/area.ts'
import { checkInStreet } from '../analysis/polygon.ts'
import { rowsOf } from '../../db/single.ts'
import { shiftWeek, weekOf } from '../assessments/week.ts'
import { categoryNames } from '../stats/categories.ts'
import { STREET_OFFSET_MS } from '../time-zone.ts'
import type { Phase, Target } from './body.ts'
import { mapLimit } from './map-limit.ts'
import { campaignRecurring } from './recurring.ts'
import { BASELINE, keptTallies, SO_FAR } from './tallies.ts'
import { days, judge, rateChange, rectificationRate, stageAt, type Stage } from './targets.ts'

const DAILY = sql(import.meta.url, 'daily-cells.sql')
const REPLAY = sql(import.meta.url, 'daily.sql')
const COVERAGE = sql(import.meta.url, 'inspection-coverage.sql')
const DAY_MS = 86_400_000

/** A campaign as stored (get.sql / list.sql), phases and targets as JSON. */
export interface CampaignRow {
  id: number | string
  name: string
  polygon: Polygon | MultiPolygon
  area_source: string
  area_units?: string[]
  categories: string[] | null
  group_code: string | null
  phases: { name: string; from: string; to: string; aim?: string }[]
  targets: Target[]
  starts_at: Date
  ends_at: Date
  baseline_from: Date
  baseline_to: Date
  archived: boolean
  version: number
  created_by?: string
  created_at?: Date
  updated_at: Date
}

export const phasesOf = (c: CampaignRow): Phase[] => c.phases.map((p) => ({ ...p, from: new Date(p.from), to: new Date(p.to) }))

/** The campaign as the API shows it (ids as numbers, the state at `now`). */
export function publicCampaign(c: CampaignRow, now: Date) {
  return {
    id: Number(c.id),
    name: c.name,
    polygon: c.polygon,
    area_source: c.area_source,
    ...(c.area_units ? { area_units: c.area_units } : {}),
    categories: c.categories,
    group: c.group_code,
    phases: c.phases,
    targets: c.targets,
    baseline: { from: c.baseline_from, to: c.baseline_to },
    starts_at: c.starts_at,
    ends_at: c.ends_at,
    state: c.archived ? 'archived' : stageAt(c.starts_at, c.ends_at, now),
    archived: c.archived,
    version: c.version,
    updated_at: c.updated_at,
  }
}

/** The window a phase or the campaign has run so far ([from, min(to, now))), and its length in days. */
function soFar(w: { from: Date; to: Date }, now: Date) {
  const to = w.to < now ? w.to : now
  return { from: w.from, to, days: Math.max(0, days(w.from, to)) }
}

const perKm2 = (n: number, m2: number) => (m2 > 0 ? n / (m2 / 1e6) : null)

interface Sides {
  area: Tally
  control: Tally
}

/** The change of the area's and the control's daily rate against the baseline, and their difference. */
function did(s: Sides, d: number, base: Sides, d0: number) {
  const area = rateChange(s.area.total, d, base.area.total, d0)
  const control = rateChange(s.control.total, d, base.control.total, d0)
  return { area, control, difference: area !== null && control !== null ? area - control : null }
}

/**
 * The ISO weeks of a campaign, each clipped to the campaign (one starting on a Wednesday has its first
 * week from Wednesday), that are over by `now`: the running week is judged once it has ended.
 */
export function endedWeeks(starts: Date, ends: Date, now: Date) {
  const out: { week: string; from: Date; to: Date }[] = []
  for (let w = weekOf(starts); w.start < ends; w = shiftWeek(w, 1)) {
    const to = new Date(Math.min(w.end.getTime(), ends.getTime()))
    if (to > now) break
    out.push({ week: w.label, from: new Date(Math.max(w.start.getTime(), starts.getTime())), to })
  }
  return out
}

/** Per ended week, the area's field points and how many were inspected; the worst week's share is the figure. */
async function coverage(q: Queryable, street: number, c: CampaignRow, now: Date) {
  const weeks = endedWeeks(c.starts_at, c.ends_at, now)
  if (!weeks.length) return { actual: null, weeks: [] }
  const rows = await q.query<{ points: number; inspected: number }>(COVERAGE, [street, c.id, weeks.map((w) => w.from), weeks.map((w) => w.to)])
  const list = weeks.map((w, k) => ({ week: w.week, points: rows[k].points, inspected: rows[k].inspected }))
  const shares = list.filter((w) => w.points > 0).map((w) => w.inspected / w.points)
  return { actual: shares.length ? Math.min(...shares) : null, weeks: list }
}

/**
 * Targets against the campaign so far; each target's categories are its own or the campaign's, tallied
 * from the area's rows of the baseline and of the campaign so far (`counted`: the campaign's kept
 * tallies, every category; the area only: targets need no control). The area's shape is checked only
 * for an inspection target (its field points are counted afresh).
 */
async function targetProgress(q: Queryable, c: CampaignRow, street: number, now: Date, stage: Stage, counted: [AreaRows, AreaRows]) {
  const run = soFar({ from: c.starts_at, to: c.ends_at }, now)
  const d0 = days(c.baseline_from, c.baseline_to)
  const categoriesOf = (t: Target) => (t.metric === 'new_issues' && t.category ? [t.category] : (c.categories ?? null))
  const covered = c.targets.some((t) => t.metric === 'inspection_coverage') && stage !== 'upcoming' ? await coverage(q, street, c, now) : null
  return c.targets.map((t) => {
    const [b, r] = stage === 'upcoming' ? [] : counted.map((rows) => tallyOf(rows, categoriesOf(t)))
    if (t.metric === 'inspection_coverage') {
      // judged on ended weeks only: while the campaign runs with none ended yet there is nothing to judge
      return { ...t, actual: covered?.actual ?? null, status: judge(stage, covered?.actual ?? null, t.min, false), weeks: covered?.weeks ?? [] }
    }
    if (t.metric === 'rectification_rate') {
      const actual = r ? rectificationRate(r) : null
      return { ...t, actual, status: judge(stage, actual, t.min, false), issues: r?.total ?? 0 }
    }
    const actual = r && b ? rateChange(r.total, run.days, b.total, d0) : null
    return {
      ...t,
      actual,
      status: judge(stage, actual, t.change, true),
      issues: r?.total ?? 0,
      baseline_issues: b?.total ?? 0,
    }
  })
}

/** The street-local midnight at or before an instant (the street keeps no DST). */
const dayStart = (t: Date) => new Date(Math.floor((t.getTime() + STREET_OFFSET_MS) / DAY_MS) * DAY_MS - STREET_OFFSET_MS)
const localDay = (t: Date) => new Date(t.getTime() + STREET_OFFSET_MS).toISOString().slice(0, 10)

/**
 * New issues per day and issues open at each day's end, from the baseline's first day to today or the
 * end, read from the day rollup (daily-cells.sql); `replay` reads the audit trail instead (daily.sql,
 * the formulation the tests hold the rollup to).
 */
export async function dailyLine(
  q: Queryable,
  street: number,
  shape: string,
  c: Pick<CampaignRow, 'baseline_from' | 'ends_at' | 'categories'>,
  now: Date,
  replay = false,
) {
  const first = dayStart(c.baseline_from)
  const lastEnd = dayStart(new Date(Math.min(c.ends_at.getTime() - 1, now.getTime()))).getTime() + DAY_MS
  const span = Math.round((lastEnd - first.getTime()) / DAY_MS)
  if (span <= 0) return []
  type Bucket = { day: number; opened: number; reported: number }
  const params = [street, shape, first, new Date(lastEnd), c.categories]
  const args = replay ? params : [...params, ...leafArgs(await leavesOf(q, street, shape))]
  const rows = rowsOf<Bucket>(await q.query(replay ? REPLAY : DAILY, args), 'campaign daily')
  const byDay = new Map(rows.map((r) => [r.day, r]))
  let open = byDay.get(-1)?.opened ?? 0
  const line = []
  for (let k = 0; k < span; k++) {
    const b = byDay.get(k)
    open += b?.opened ?? 0
    line.push({ day: localDay(new Date(first.getTime() + k * DAY_MS)), new: b?.reported ?? 0, open })
  }
  return line
}

/** Every figure of a campaign's page at `now` (`q.writes`: the primary, when `q` reads a replica). */
export async function measure(q: Queryable & Pick<Db, 'writes'>, street: number, c: CampaignRow, now: Date, radius = 300) {
  const shape = await checkInStreet(q, street, c.polygon)
  const stage = stageAt(c.starts_at, c.ends_at, now)
  const phases = phasesOf(c)
  const base = { from: c.baseline_from, to: c.baseline_to }
  const run = soFar({ from: c.starts_at, to: c.ends_at }, now)
  const categories = c.categories ?? undefined
  // the baseline, the campaign so far and each started phase from the kept tallies (part k is the
  // k-th phase); the control is the street's count of the window less the area's
  const started = phases.map((p, k) => ({ ...p, part: k + 1 })).filter((p) => p.from < now)
  const windows = [{ ...base, part: BASELINE }, ...started]
  const kept = keptTallies(q, street, [c.id], [SO_FAR, ...windows.map((w) => w.part)], now).then((m) => m.get(Number(c.id))!)
  const naming = categoryNames(q, street)
  const [whole, counts, targets, daily, places, names] = await Promise.all([
    analyseArea(q, { street, shape, from: c.starts_at, to: c.ends_at, categories, radius, now }),
    Promise.all([kept, ...windows.map((w) => countInStreet(q, street, w, c.categories, now))]).then(([parts, ...streetRows]) =>
      windows.map((w, k) => {
        const area = rowsIn(parts.get(w.part)!, c.categories)
        return { area: tallyOf(area), control: controlOf(area, streetRows[k]) }
      }),
    ),
    kept.then((parts) => targetProgress(q, c, street, now, stage, [parts.get(BASELINE)!, parts.get(SO_FAR)!])),
    dailyLine(q, street, shape, c, now),
    naming.then((n) =>
      campaignRecurring(
        q,
        street,
        c,
        shape,
        n.map((x) => x.code),
        q.writes ?? q,
      ),
    ),
    naming,
  ])
  const [baseCounts, ...phaseCounts] = counts
  const controlM2 = whole.street_area_m2 - whole.area_m2
  const side = (s: Sides) => ({
    area: { ...s.area, per_km2: perKm2(s.area.total, whole.area_m2) },
    control: { ...s.control, per_km2: perKm2(s.control.total, controlM2) },
  })
  const d0 = days(base.from, base.to)
  return {
    campaign: publicCampaign(c, now),
    category_names: Object.fromEntries(names.map((n) => [n.code, n.name])) as Record<string, string>,
    area_m2: whole.area_m2,
    street_area_m2: whole.street_area_m2,
    baseline: { from: base.from, to: base.to, days: d0, ...side(baseCounts) },
    phases: phases.map((p, k) => {
      const s = stageAt(p.from, p.to, now)
      const counted = phaseCounts[k]
      const w = soFar(p, now)
      return {
        name: p.name,
        from: p.from,
        to: p.to,
        ...(p.aim ? { aim: p.aim } : {}),
        state: s,
        days_so_far: s === 'upcoming' ? 0 : w.days,
        ...(counted ? { ...side(counted), change: did(counted, w.days, baseCounts, d0) } : {}),
      }
    }),
    overall: {
      from: run.from,
      to: run.to,
      days: run.days,
      counts: whole.counts,
      control: whole.control,
      ...(stage === 'upcoming' ? {} : { change: did({ area: whole.counts, control: whole.control }, run.days, baseCounts, d0) }),
    },
    targets,
    daily,
    field_points: whole.field_points,
    top_places: whole.top_places,
    recurring: places,
  }
}

/** What the wall shows of a running campaign: its current phase, days left and each target's status. */
export async function progress(q: Queryable, street: number, c: CampaignRow, now: Date) {
  return (await progressAll(q, street, [c], now))[0]
}

/**
 * Campaigns whose inspection targets are counted at once (each counts its area's field points on a
 * pooled connection; fifty at once would exhaust the pool, 503 for everyone).
 */
const COVERAGE_AT_ONCE = 2

/** progress for many campaigns: their targets' counts from the kept tallies in one query. */
export async function progressAll(q: Queryable, street: number, list: CampaignRow[], now: Date) {
  const kept = await keptTallies(
    q,
    street,
    list.map((c) => c.id),
    [BASELINE, SO_FAR],
    now,
  )
  return mapLimit(list, COVERAGE_AT_ONCE, async (c) => {
    const stage = stageAt(c.starts_at, c.ends_at, now)
    const phase = phasesOf(c).find((p) => p.from <= now && now < p.to)
    const parts = kept.get(Number(c.id))!
    return {
      ...publicCampaign(c, now),
      phase_now: phase?.name ?? null,
      days_left: stage === 'ended' ? 0 : Math.ceil(days(now < c.starts_at ? c.starts_at : now, c.ends_at)),
      targets: await targetProgress(q, c, street, now, stage, [parts.get(BASELINE)!, parts.get(SO_FAR)!]),
    }
  })
}
