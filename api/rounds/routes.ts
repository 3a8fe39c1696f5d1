/** /rounds: an inspection round's walking order (督查路线) over chosen or selected points. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { currentUser, INSPECTORS, requireRole } from '../auth/guard.ts'
import { weekParam } from '../assessments/week.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import type { AppEnv } from '../env.ts'
import { notFound, unprocessable } from '../errors.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { walkingOrder } from './order.ts'

const Q = { select: namedSql(import.meta.url, 'select.sql'), insert: sql(import.meta.url, 'insert.sql'), get: sql(import.meta.url, 'get.sql') }

/** The most points one round takes. */
export const MAX_ROUND = 300

const CODE = z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid code')
const ring = z
  .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .min(4)
  .max(2000)

const roundBody = z
  .object({
    points: z.array(CODE).min(1).max(MAX_ROUND).optional(),
    class: CODE.optional(),
    community: filterShape.community,
    grid: filterShape.grid,
    within: z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(20) }).optional(),
    not_inspected_in: weekParam.optional(),
    start: CODE.optional(),
    street: filterShape.street,
  })
  .strict()

interface PointRow {
  code: string
  name: string
  class_code: string
  lon: number
  lat: number
  grid_code: string | null
  community_code: string | null
}

const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })

async function readRound(q: Queryable, street: number, id: number) {
  const [r] = await q.query<{ id: number; length_m: number; created_by: string; created_at: Date; points: (PointRow & { inspected: boolean })[] }>(
    Q.get,
    [street, id],
  )
  if (!r) throw notFound(`没有编号为 ${id} 的督查路线 (round not found)`)
  const done = r.points.filter((p) => p.inspected).length
  const next = r.points.find((p) => !p.inspected)?.code ?? null
  return {
    id: r.id,
    order: r.points.map((p) => p.code),
    length_m: Math.round(r.length_m * 10) / 10,
    created_by: r.created_by,
    created_at: isoLocal(r.created_at),
    points: r.points,
    progress: { done, total: r.points.length, next },
  }
}

export const roundsRoutes = new Hono<AppEnv>()
  .post('/', requireRole(...INSPECTORS), valid('json', roundBody), async (c) => {
    const { db, now } = c.var.deps
    const b = c.req.valid('json')
    const street = await resolveStreet(db, b.street)
    const rows = await db.query<PointRow>(
      Q.select.text,
      Q.select.params({
        street,
        codes: b.points ?? null,
        class: b.class ?? null,
        community: b.community ?? null,
        grid: b.grid ?? null,
        within: b.within ? JSON.stringify(b.within) : null,
        uninspected: b.not_inspected_in?.monday ?? null,
      }),
    )
    if (b.points) {
      const found = new Set(rows.map((r) => r.code))
      const missing = [...new Set(b.points)].filter((p) => !found.has(p))
      if (missing.length) throw unprocessable('unknown_point', `没有这些点位（或不符合所选条件）: ${missing.slice(0, 10).join(', ')} (unknown point)`)
    }
    if (!rows.length) throw unprocessable('no_points', '所选条件下没有点位 (no point selected)')
    if (rows.length > MAX_ROUND) throw unprocessable('too_many_points', `一条路线最多 ${MAX_ROUND} 个点位 (too many points)`)
    // the order the client listed (or the ledger's), so "the first listed" is the default start
    const listed = b.points ? [...new Set(b.points)].map((code) => rows.find((r) => r.code === code)!) : rows
    const first = b.start ?? listed[0].code
    const start = listed.findIndex((r) => r.code === first)
    if (start < 0) throw unprocessable('unknown_start', `起点 ${first} 不在所选点位中 (start is not one of the points)`)
    const { order, length_m } = walkingOrder(
      listed.map((r) => [r.lon, r.lat]),
      start,
    )
    const codes = order.map((k) => listed[k].code)
    const [{ id }] = await db.query<{ id: number }>(Q.insert, [street, codes, length_m, currentUser(c).username, now()])
    return c.json(await readRound(db, street, id), 201)
  })
  .get('/:id', requireRole(...INSPECTORS), valid('param', idParam), valid('query', z.object({ street: filterShape.street }).strict()), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    return c.json(await readRound(db, street, c.req.valid('param').id), 200)
  })
