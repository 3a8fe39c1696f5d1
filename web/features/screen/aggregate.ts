/** Pure folds of the issue list into the wall display's panels (kept pure so they can be tested). */
import type { Issue } from '../../api/queries.ts'
import { localDate, weekStart } from '../../api/time.ts'

export type Window = 'today' | '7d' | '30d'

/** Start of a heatmap/ranking window relative to `now` (Shanghai calendar days). */
export function windowStart(w: Window, now: Date, dayStart: (t: Date, add?: number) => Date): Date {
  return dayStart(now, w === 'today' ? 0 : w === '7d' ? -6 : -29)
}

/** Issues counted per week for the `weeks` weeks ending with the current one (oldest first). */
export function weeklyTrend(issues: Issue[], now: Date, weeks = 12) {
  const first = weekStart(now, -(weeks - 1))
  const bins = Array.from({ length: weeks }, (_, i) => ({ week: localDate(weekStart(first, i)).slice(5), total: 0, closed: 0 }))
  const WEEK = 7 * 86_400_000
  for (const f of issues) {
    const i = Math.floor((+new Date(f.properties.reported_at) - +first) / WEEK)
    if (i < 0 || i >= weeks) continue
    bins[i].total++
    if (f.properties.status === 'closed' || f.properties.status === 'answered') bins[i].closed++
  }
  return bins
}

/** The `n` newest issues, newest first. */
export function newest(issues: Issue[], n = 20): Issue[] {
  return [...issues].sort((a, b) => +new Date(b.properties.reported_at) - +new Date(a.properties.reported_at)).slice(0, n)
}

/** The issues reported at or after `since`. */
export function reportedSince(issues: Issue[], since: Date): Issue[] {
  return issues.filter((f) => +new Date(f.properties.reported_at) >= +since)
}

/** Rows ranked by open problems, then by the window's total. */
export function rankByOpen<T extends { open: number; total: number }>(rows: T[], n?: number): T[] {
  const sorted = [...rows].sort((a, b) => b.open - a.open || b.total - a.total)
  return n ? sorted.slice(0, n) : sorted
}
