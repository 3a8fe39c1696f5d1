/**
 * The working-time calendar: deadlines counted in working hours or working days, skipping weekends
 * and public holidays and honouring make-up working days (调休). China has one time zone (UTC+8, no
 * daylight saving), so local wall-clock time is UTC shifted by the street's fixed offset.
 */
import { STREET_OFFSET, STREET_OFFSET_MS as OFFSET_MS } from '../time-zone.ts'

export interface WorkCalendar {
  holidays: ReadonlySet<string> // YYYY-MM-DD days off that would otherwise be working days
  workdays: ReadonlySet<string> // YYYY-MM-DD weekend days that are working days (调休)
}

export interface TimeLimit {
  value: number
  unit: 'work_hours' | 'work_days'
}

/** Office hours in local minutes since midnight: 08:30–12:00 and 14:00–17:30 (7 hours a day). */
export const OFFICE_PERIODS: ReadonlyArray<readonly [number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 17 * 60 + 30],
]

const DAY_MS = 86_400_000

/** The street's local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** Builds a calendar from rows of the calendar_days table (or the fixtures). */
export function makeCalendar(rows: Iterable<{ day: string; kind: 'holiday' | 'workday' }>): WorkCalendar {
  const holidays = new Set<string>()
  const workdays = new Set<string>()
  for (const r of rows) (r.kind === 'holiday' ? holidays : workdays).add(r.day)
  return { holidays, workdays }
}

/** Whether a local day (YYYY-MM-DD) is a working day. */
export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(day)) return true
  if (cal.holidays.has(day)) return false
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
  return dow !== 0 && dow !== 6
}

/** Instant of a local day (YYYY-MM-DD) at a local minute of the day. */
function at(day: string, minute: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + minute * 60_000)
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** Adds working hours: the clock only runs inside office periods of working days. */
export function addWorkingHours(start: Date, hours: number, cal: WorkCalendar): Date {
  let left = Math.round(hours * 60)
  let day = localDay(start)
  let minute = Math.floor((start.getTime() + OFFSET_MS - Date.parse(`${day}T00:00:00Z`)) / 60_000)
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorkingDay(day, cal)) {
      for (const [open, close] of OFFICE_PERIODS) {
        const from = Math.max(minute, open)
        if (from >= close) continue
        if (from + left <= close) return at(day, from + left)
        left -= close - from
        minute = close
      }
    }
    day = nextDay(day)
    minute = 0
  }
  throw new Error('working-hour limit runs past ten years of calendar')
}

/**
 * Adds working days: the deadline is the close of office on the Nth working day after the day of
 * the report (a report on a holiday starts counting from the next working day, like any other).
 */
export function addWorkingDays(start: Date, days: number, cal: WorkCalendar): Date {
  let day = localDay(start)
  let left = days
  for (let guard = 0; guard < 3660; guard++) {
    day = nextDay(day)
    if (isWorkingDay(day, cal) && --left === 0) {
      return at(day, OFFICE_PERIODS[OFFICE_PERIODS.length - 1][1])
    }
  }
  throw new Error('working-day limit runs past ten years of calendar')
}

/** The deadline of a problem reported at `start` under a category's time limit. */
export function deadlineFor(start: Date, limit: TimeLimit, cal: WorkCalendar): Date {
  return limit.unit === 'work_hours' ? addWorkingHours(start, limit.value, cal) : addWorkingDays(start, limit.value, cal)
}

/** ISO 8601 in the street's time zone, e.g. 2026-11-22T09:30:00+08:00. */
export function isoLocal(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 19) + STREET_OFFSET
}
