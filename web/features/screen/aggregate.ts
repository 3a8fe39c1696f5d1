/** Pure helpers of the wall display's panels (kept pure so they can be tested). */
import { isoLocal, localDate, weekStart } from '../../api/time.ts'

export type Window = 'today' | '7d' | '30d'

/** Start of a heatmap/ranking window relative to `now` (Shanghai calendar days). */
export function windowStart(w: Window, now: Date, dayStart: (t: Date, add?: number) => Date): Date {
  return dayStart(now, w === 'today' ? 0 : w === '7d' ? -6 : -29)
}

/** The `weeks` Monday weeks ending with the current one (oldest first): label and half-open API window. */
export function trendWeeks(now: Date, weeks = 12) {
  return Array.from({ length: weeks }, (_, i) => {
    const start = weekStart(now, i - (weeks - 1))
    return { week: localDate(start).slice(5), from: isoLocal(start), to: isoLocal(weekStart(start, 1)) }
  })
}

/** A week's bar from its summary: issues reported that week, and how many of them are finished (销号 or 答复). */
export const weekBar = (week: string, s: { total: number; closed: number; answered: number }) => ({
  week,
  total: s.total,
  closed: s.closed + s.answered,
})

/** Rows ranked by the window's problems (the measure the bars draw), then by those still open. */
export function rankByTotal<T extends { open: number; total: number }>(rows: T[], n?: number): T[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || b.open - a.open)
  return n ? sorted.slice(0, n) : sorted
}
