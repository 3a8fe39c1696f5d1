/**
 * The district ranking: every street's closed-loop indicators for one window side by side, with
 * problems per km² and the week's assessment, ranked by one indicator — the one server path that
 * GET /district, the district pages and bench/district use.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { weekOf } from '../assessments/week.ts'
import { weeklyAssessment } from '../assessments/weekly.ts'
import { indicators, type IndicatorRow } from '../indicators/fold.ts'

const Q = { district: sql(import.meta.url, 'district.sql') }

/** What a ranking may be by; problems per km² ranks the fewest first, every rate the highest first. */
export const RANK_BY = ['rectification_rate', 'on_time_rate', 'callback_satisfaction_rate', 'assessment_score', 'per_km2'] as const
export type RankBy = (typeof RANK_BY)[number]

type Row = IndicatorRow & { id: number; code: string; name: string; area_m2: number; synthetic: boolean }

/** One street's column of the district table. */
export type DistrictStreet = ReturnType<typeof indicators> & {
  code: string
  name: string
  synthetic: boolean
  area_km2: number
  per_km2: number
  assessment_score: number | null
  rank: number | null
}

/** The rank of each value (1 = best; ties share a rank; null values are not ranked). */
function ranks(values: (number | null)[], lowFirst: boolean): (number | null)[] {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => (lowFirst ? a - b : b - a))
  return values.map((v) => (v === null ? null : sorted.indexOf(v) + 1))
}

/**
 * The closed-loop counts of each of `streets` for issues reported in [from, to) (null: unbounded), read
 * from the daily rollup (district.sql): what GET /indicators?by=street answers without other filters.
 */
export async function streetIndicators(q: Queryable, streets: number[], from: Date | null, to: Date | null, now: Date) {
  return q.query<Row>(Q.district, [streets, from ?? '-infinity', to ?? 'infinity', now])
}

/** The table for `streets` over [from, to), ranked by `by`; the assessment is the week of `now`. */
export async function districtRanking(q: Queryable, o: { streets: number[]; from: Date; to: Date; now: Date; by: RankBy }) {
  const rows = await streetIndicators(q, o.streets, o.from, o.to, o.now)
  const week = weekOf(o.now)
  // level 'street' ranks every street of the deployment in one statement; any street id serves
  const scores = rows.length ? await weeklyAssessment(q, rows[0].id, week, 'street', o.now) : null
  const score = new Map((scores?.rows ?? []).map((r) => [r.code, r.score]))
  const table = rows.map((r) => {
    const km2 = r.area_m2 / 1e6
    return {
      ...indicators(r, r.name),
      code: r.code,
      name: r.name,
      synthetic: r.synthetic,
      area_km2: Math.round(km2 * 1000) / 1000,
      per_km2: Math.round((r.total / km2) * 10) / 10,
      assessment_score: score.get(r.code) ?? null,
      rank: null as number | null,
    }
  })
  const rank = ranks(
    table.map((t) => t[o.by]),
    o.by === 'per_km2',
  )
  table.forEach((t, k) => (t.rank = rank[k]))
  table.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code))
  return { from: o.from, to: o.to, week: scores?.week ?? week.label, by: o.by, streets: table as DistrictStreet[] }
}
