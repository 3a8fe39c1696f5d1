/** How a campaign stands against its targets: pure arithmetic, so its boundaries can be tested exactly. */
import type { Tally } from '../analysis/area.ts'

export type Stage = 'upcoming' | 'running' | 'ended'
export type TargetStatus = 'upcoming' | 'on_track' | 'at_risk' | 'met' | 'missed' | 'no_data'

const DAY_MS = 86_400_000
/** Rounding slack for "exactly at target" (the ratios below are of whole numbers). */
const EPS = 1e-9

export const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS

/**
 * The change of a daily rate: n issues over `d` days against `n0` over `d0` days, −0.5 = half as
 * many per day; null without a baseline count or elapsed time. Written as one ratio of products so
 * that equal rates give exactly 0 (and a halving exactly −0.5).
 */
export function rateChange(n: number, d: number, n0: number, d0: number): number | null {
  if (n0 <= 0 || d <= 0 || d0 <= 0) return null
  return (n * d0) / (n0 * d) - 1
}

/** 整改率 as /indicators defines it (api/indicators/fold.ts): closed / (closed + answered + overdue). */
export function rectificationRate(t: Tally): number | null {
  const den = t.closed + t.answered + t.overdue
  return den > 0 ? t.closed / den : null
}

/**
 * A target's status: before the campaign `upcoming`; while it runs `on_track` when the figure so far
 * meets the target (at it exactly counts as meeting it) else `at_risk`; once ended `met` or `missed`.
 * `at_most`: the figure must not exceed the threshold (a change), else not fall below it (a rate).
 */
export function judge(stage: Stage, actual: number | null, threshold: number, atMost: boolean): TargetStatus {
  if (stage === 'upcoming') return 'upcoming'
  if (actual === null) return 'no_data'
  const ok = atMost ? actual <= threshold + EPS : actual >= threshold - EPS
  if (stage === 'running') return ok ? 'on_track' : 'at_risk'
  return ok ? 'met' : 'missed'
}

/** Where `now` falls in [starts_at, ends_at). */
export function stageAt(starts_at: Date, ends_at: Date, now: Date): Stage {
  if (now < starts_at) return 'upcoming'
  return now < ends_at ? 'running' : 'ended'
}
