/** Calendar arithmetic in the street's zone (no DST), independent of the browser's zone. */
import { STREET_OFFSET, STREET_OFFSET_MS as OFFSET_MS } from '../../api/time-zone.ts'

const DAY_MS = 86_400_000

/** The street's calendar date of an instant as YYYY-MM-DD. */
export function localDate(t: Date | number): string {
  return new Date(+t + OFFSET_MS).toISOString().slice(0, 10)
}

/** Midnight (street time) of the day `t` falls in, `addDays` days later. */
export function dayStart(t: Date | number, addDays = 0): Date {
  const local = +t + OFFSET_MS
  return new Date(local - (local % DAY_MS) - OFFSET_MS + addDays * DAY_MS)
}

/** Monday 00:00 (street time) of the week `t` falls in, `addWeeks` weeks later. */
export function weekStart(t: Date | number, addWeeks = 0): Date {
  const d = dayStart(t)
  const dow = (new Date(+d + OFFSET_MS).getUTCDay() + 6) % 7 // Monday = 0
  return new Date(+d - dow * DAY_MS + addWeeks * 7 * DAY_MS)
}

/** An instant as the API's ISO form with the street's offset. */
export function isoLocal(t: Date | number): string {
  return `${new Date(+t + OFFSET_MS).toISOString().slice(0, 19)}${STREET_OFFSET}`
}

/** HH:mm of an ISO time string in the street's zone. */
export function hhmm(iso: string): string {
  return new Date(+new Date(iso) + OFFSET_MS).toISOString().slice(11, 16)
}

/** MM-DD HH:mm of an ISO time string in the street's zone. */
export function mdhm(iso: string): string {
  return new Date(+new Date(iso) + OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ')
}
