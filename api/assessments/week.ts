/**
 * ISO weeks in the street's zone (+08:00): `2026-W49` is Monday 2026-11-30 00:00 to Monday
 * 2026-12-07 00:00, half-open. Week 1 is the week with the year's first Thursday; a year has 52 or
 * 53 weeks, so `2026-W54` (or W53 of a 52-week year) is refused.
 */
import { z } from 'zod'
import { STREET_OFFSET_MS } from '../time-zone.ts'

const DAY = 86_400_000
const WEEK = 7 * DAY

/** One ISO week: its label, its Monday as a local date, and its bounds as instants. */
export interface IsoWeek {
  label: string
  monday: string
  start: Date
  end: Date
}

/** Midnight UTC of the Monday of ISO week 1 of `year`, as a day count (local dates as UTC days). */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4)
  const dow = (new Date(jan4).getUTCDay() + 6) % 7 // 0 = Monday
  return jan4 - dow * DAY
}

/** How many ISO weeks `year` has (52 or 53). */
export function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / WEEK)
}

function fromMonday(localMondayUtc: number): IsoWeek {
  const start = new Date(localMondayUtc - STREET_OFFSET_MS)
  // the ISO year is the year of the week's Thursday
  const thursday = new Date(localMondayUtc + 3 * DAY)
  const year = thursday.getUTCFullYear()
  const n = Math.round((localMondayUtc - week1Monday(year)) / WEEK) + 1
  return {
    label: `${year}-W${String(n).padStart(2, '0')}`,
    monday: new Date(localMondayUtc).toISOString().slice(0, 10),
    start,
    end: new Date(start.getTime() + WEEK),
  }
}

/** The week `label` (YYYY-Www), or null when there is no such week. */
export function parseWeek(label: string): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label)
  if (!m) return null
  const [year, n] = [Number(m[1]), Number(m[2])]
  if (n < 1 || n > weeksInYear(year)) return null
  return fromMonday(week1Monday(year) + (n - 1) * WEEK)
}

/** The week an instant falls in, in the street's zone. */
export function weekOf(t: Date): IsoWeek {
  const local = t.getTime() + STREET_OFFSET_MS
  const day = Math.floor(local / DAY) * DAY
  const dow = (new Date(day).getUTCDay() + 6) % 7
  return fromMonday(day - dow * DAY)
}

/** The week `k` weeks after `w` (k < 0: before). */
export function shiftWeek(w: IsoWeek, k: number): IsoWeek {
  return fromMonday(Date.parse(`${w.monday}T00:00:00Z`) + k * WEEK)
}

/** A query parameter holding an ISO week; a week that does not exist is a 400 naming it. */
export const weekParam = z.string().transform((s, ctx) => {
  const w = parseWeek(s)
  if (!w) {
    ctx.addIssue({ code: 'custom', message: `没有这一周: ${s.slice(0, 20)}（格式 YYYY-Www，如 2026-W49）(no such ISO week)` })
    return z.NEVER
  }
  return w
})
