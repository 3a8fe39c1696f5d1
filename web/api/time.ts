/** Calendar arithmetic in the street's zone (Asia/Shanghai, UTC+8, no DST), independent of the browser's zone. */

const OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

/** The Shanghai calendar date of an instant as YYYY-MM-DD. */
export function localDate(t: Date | number): string {
  return new Date(+t + OFFSET_MS).toISOString().slice(0, 10)
}

/** Midnight (Shanghai) of the day `t` falls in, `addDays` days later. */
export function dayStart(t: Date | number, addDays = 0): Date {
  const local = +t + OFFSET_MS
  return new Date(local - (local % DAY_MS) - OFFSET_MS + addDays * DAY_MS)
}

/** Monday 00:00 (Shanghai) of the week `t` falls in, `addWeeks` weeks later. */
export function weekStart(t: Date | number, addWeeks = 0): Date {
  const d = dayStart(t)
  const dow = (new Date(+d + OFFSET_MS).getUTCDay() + 6) % 7 // Monday = 0
  return new Date(+d - dow * DAY_MS + addWeeks * 7 * DAY_MS)
}

/** An instant as the API's ISO form with the +08:00 offset. */
export function isoLocal(t: Date | number): string {
  return `${new Date(+t + OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

/** HH:mm of an ISO time string in the street's zone. */
export function hhmm(iso: string): string {
  return new Date(+new Date(iso) + OFFSET_MS).toISOString().slice(11, 16)
}

/** MM-DD HH:mm of an ISO time string in the street's zone. */
export function mdhm(iso: string): string {
  return new Date(+new Date(iso) + OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ')
}
