/** GET /issues/:id/notice: the printable 整改通知单 of an assigned issue (HTML, A4 print CSS). */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { gridScope, inScope, requireRole, STAFF } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { conflict, notFound } from '../errors.ts'
import { resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { renderNotice, type NoticeRow } from './render.ts'

const Q = { notice: sql(import.meta.url, 'notice.sql'), photo: sql(import.meta.url, 'photo.sql') }

const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const streetQuery = z
  .object({
    street: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  })
  .strict()

// The notice carries the place, the photo and the responsible party: staff only, within their scope.
export const noticesRoutes = new Hono<AppEnv>().get(
  '/:id/notice',
  requireRole(...STAFF),
  valid('param', idParam),
  valid('query', streetQuery),
  async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const id = c.req.valid('param').id
    const [row] = await db.query<NoticeRow>(Q.notice, [street, id])
    const scope = gridScope(c.var.user)
    if (!row || !inScope(scope, row.grid_code)) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
    if (!row.notice_no) throw conflict('not_assigned', '问题尚未交办，还没有整改通知单 (not assigned yet)')
    const [p] = await db.query<{ mime: string; data: Uint8Array }>(Q.photo, [street, id])
    const photo = p ? `data:${p.mime};base64,${Buffer.from(p.data).toString('base64')}` : null
    // No script, no outside resource: the app-wide Content-Security-Policy applies as it is.
    return c.html(renderNotice(row, photo), 200)
  },
)
