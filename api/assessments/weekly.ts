/**
 * 一周一测评: the weekly 百分制 assessment of every community or grid — the one server path that
 * /assessments/weekly, the 通报 and the benchmark use. Optionally the loop indicators of the issues
 * reported that week (按期结案率 and 1 − 返工率, their mean, as they stand now) are blended in with the street's weight.
 */
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { foldIndicators, type IndicatorRow } from '../indicators/fold.ts'
import { rankAndFlag, round1, type Flag } from './rank.ts'
import { shiftWeek, type IsoWeek } from './week.ts'

const Q = {
  weekly: namedSql(import.meta.url, 'weekly.sql'),
  city: namedSql(import.meta.url, 'city.sql'),
  settings: sql(import.meta.url, 'settings-get.sql'),
  indicators: sql(import.meta.url, '../indicators/indicators.sql'),
  names: sql(import.meta.url, '../indicators/names.sql'),
}

/** `street`: every street of the deployment ranked (a city); blending applies to communities and grids only. */
export const LEVELS = ['community', 'grid', 'street'] as const
export type Level = (typeof LEVELS)[number]

/** How the street assesses: N flags each way, and the loop indicators' weight (0 = not blended). */
export interface AssessmentSettings {
  flag_count: number
  blend_weight: number
}

/** One ranked row of the weekly table. */
export interface WeeklyRow {
  code: string
  name: string
  community_code: string
  score: number | null
  inspection_score: number | null
  loop_score: number | null
  inspected_points: number
  failed_items: number
  rank: number | null
  flag: Flag
  previous_score: number | null
  change: number | null
}

interface Raw {
  code: string
  name: string
  community_code: string
  monday: string
  mean: number | null
  points: number
  failed: number
}

export async function readSettings(q: Queryable, street: number): Promise<AssessmentSettings> {
  const [s] = await q.query<AssessmentSettings>(Q.settings, [street])
  return s
}

/**
 * The loop score (0–100) per unit for the issues reported in `week`, as they stand now (the same
 * numbers GET /indicators gives for that window): the mean of 按期结案率 and 1 − 返工率, null when neither has a denominator.
 */
async function loopScores(q: Queryable, street: number, level: Level, week: IsoWeek, now: Date): Promise<Map<string, number | null>> {
  const rows = await q.query<IndicatorRow>(Q.indicators, [street, week.start, week.end, null, null, null, null, null, now, level, null])
  const names = await q.query<{ key: string; name: string; leader: string | null }>(Q.names, [street, level, null])
  return new Map(
    foldIndicators(names, rows).map((r) => {
      const parts = [r.on_time_rate, r.rework_rate === null ? null : 1 - r.rework_rate].filter((x): x is number => x !== null)
      return [r.key, parts.length ? (100 * parts.reduce((a, b) => a + b, 0)) / parts.length : null]
    }),
  )
}

/** The week's table for `level`, ranked and flagged, with the change against the week before. */
export async function weeklyAssessment(q: Queryable, street: number, week: IsoWeek, level: Level, now: Date) {
  const settings = await readSettings(q, street)
  const prev = shiftWeek(week, -1)
  const mondays = [week.monday, prev.monday]
  const raw =
    level === 'street'
      ? await q.query<Raw>(Q.city.text, Q.city.params({ mondays }))
      : await q.query<Raw>(Q.weekly.text, Q.weekly.params({ street, mondays, level }))
  const w = level === 'street' ? 0 : settings.blend_weight
  const [loopNow, loopPrev] =
    w > 0 ? await Promise.all([loopScores(q, street, level, week, now), loopScores(q, street, level, prev, now)]) : [null, null]
  const blend = (mean: number | null, loop: number | null | undefined) =>
    mean === null ? null : round1(loop === null || loop === undefined ? mean : (1 - w) * mean + w * loop)
  const byCode = new Map<string, { cur?: Raw; prev?: Raw }>()
  for (const r of raw) {
    const e = byCode.get(r.code) ?? {}
    if (r.monday === week.monday) e.cur = r
    else e.prev = r
    byCode.set(r.code, e)
  }
  const rows = [...byCode.values()].map(({ cur, prev: p }) => {
    const c = cur!
    const loop = loopNow?.get(c.code) ?? null
    const score = blend(c.mean, loop)
    const previous = blend(p?.mean ?? null, loopPrev?.get(c.code))
    return {
      code: c.code,
      name: c.name,
      community_code: c.community_code,
      score,
      inspection_score: c.mean === null ? null : round1(c.mean),
      loop_score: w > 0 && loop !== null ? round1(loop) : null,
      inspected_points: c.points,
      failed_items: c.failed,
      previous_score: previous,
      change: score !== null && previous !== null ? round1(score - previous) : null,
    }
  })
  const ranked: WeeklyRow[] = rankAndFlag(rows, settings.flag_count)
  ranked.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code))
  return { week: week.label, level, from: week.start, to: week.end, settings, rows: ranked }
}
