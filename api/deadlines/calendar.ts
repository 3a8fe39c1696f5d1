/** Loads the working-time calendar of a street from calendar_days and computes deadlines with it. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { deadlineFor, makeCalendar, type TimeLimit, type WorkCalendar } from './worktime.ts'

const Q = { calendar: sql(import.meta.url, 'calendar.sql') }

/** The street's calendar as the engine needs it (read at each use, so admin edits apply at once). */
export async function loadCalendar(q: Queryable, street: number): Promise<WorkCalendar> {
  return makeCalendar(await q.query<{ day: string; kind: 'holiday' | 'workday' }>(Q.calendar, [street]))
}

/** The deadline of a problem reported at `start` in a street under a category's time limit. */
export async function streetDeadline(q: Queryable, street: number, start: Date, limit: TimeLimit): Promise<Date> {
  return deadlineFor(start, limit, await loadCalendar(q, street))
}
