/** Reporting a problem: convert the location to WGS84, decide grid, group and deadline, write it. */
import gcoord from 'gcoord'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { deadlineFor, makeCalendar, type TimeLimit } from '../deadlines/worktime.ts'
import { Denied } from '../auth/guard.ts'
import type { User } from '../auth/user.ts'
import { unprocessable } from '../errors.ts'
import { instant } from '../filters.ts'
import { mayReport } from './states.ts'

const Q = {
  locate: sql(import.meta.url, 'locate.sql'),
  insert: sql(import.meta.url, 'insert.sql'),
  attach: sql(import.meta.url, 'attach-photos.sql'),
}

export const SOURCES = ['inspection', 'hotline_12345', 'digital_city', 'public', 'open311'] as const
const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/** How far a report's time may lie ahead of the server's clock: a phone's clock runs a little off. */
export const CLOCK_SKEW_MS = 5 * 60_000

/** Photos to attach, by the random ids `POST /photos` returned. */
export const photoIds = z.array(z.uuid()).max(9).optional()

export const createBody = z
  .object({
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
    category: z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid category code'),
    description: z.string().trim().min(1).max(2000),
    source: z.enum(SOURCES).default('inspection'),
    reported_at: instant.optional(),
    photos: photoIds,
    street: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  })
  .strict()
export type CreateBody = z.infer<typeof createBody>

interface Located {
  inside: boolean
  grid_code: string | null
  community_code: string | null
  category_code: string | null
  time_limit_value: number
  time_limit_unit: TimeLimit['unit']
  group_code: string
  calendar: { day: string; kind: 'holiday' | 'workday' }[]
}

/** A point in the given system as WGS84 lon/lat. */
export function toWgs84(lon: number, lat: number, crs: CreateBody['crs']): [number, number] {
  if (crs === 'wgs84') return [lon, lat]
  const [x, y] = gcoord.transform([lon, lat], CRS[crs], gcoord.WGS84) as [number, number]
  return [x, y]
}

/** Writes one report and its first event inside the caller's transaction; returns ids. */
export async function insertIssue(q: Queryable, street: number, b: CreateBody, user: User, now: Date) {
  const [lon, lat] = toWgs84(b.lon, b.lat, b.crs)
  const reportedAt = b.reported_at ?? now
  if (reportedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw unprocessable('date_out_of_range', `reported_at: 上报时间不能晚于当前时间（允许 ${CLOCK_SKEW_MS / 60_000} 分钟误差）(in the future)`)
  const [loc] = await q.query<Located>(Q.locate, [street, lon, lat, b.category])
  if (!loc.category_code) throw unprocessable('unknown_category', `没有这个问题类别: ${b.category} (unknown category)`)
  if (!loc.inside || !loc.grid_code) throw unprocessable('outside_street', '该位置不在本街道范围内 (point outside the street)')
  const denial = mayReport(user, loc.grid_code)
  if (denial) throw new Denied(denial)
  const deadline = deadlineFor(reportedAt, { value: loc.time_limit_value, unit: loc.time_limit_unit }, makeCalendar(loc.calendar))
  const actor = user.username
  const [row] = await q.query<{ id: number; event_id: number }>(Q.insert, [
    street,
    loc.category_code,
    b.description,
    b.source,
    lon,
    lat,
    b.crs,
    b.lon,
    b.lat,
    loc.grid_code,
    loc.community_code,
    loc.group_code,
    reportedAt,
    deadline,
    actor,
  ])
  await attachPhotos(q, street, row.id, row.event_id, user, b.photos)
  return { id: row.id, eventId: row.event_id }
}

/**
 * Attaches uploaded photos to an issue and event. Only photos `user` uploaded (any, for an admin)
 * and not yet attached are taken; any other id fails the whole write, told apart from an unknown id
 * in nothing, so the answer does not reveal that someone else's photo exists.
 */
export async function attachPhotos(q: Queryable, street: number, issue: number, event: number, user: User, photos?: string[]) {
  if (!photos?.length) return
  const ids = [...new Set(photos.map((p) => p.toLowerCase()))]
  const rows = await q.query(Q.attach, [street, issue, event, ids, user.username, user.role === 'admin'])
  if (rows.length !== ids.length) throw unprocessable('unknown_photo', '照片不存在、已被使用或不是您上传的 (unknown, already used or not your photo)')
}
