/**
 * POST /issues/:id/callback: 回访 after 销号 or 答复 — satisfied, basically satisfied or dissatisfied,
 * with a note; dissatisfied reopens the issue through the closed loop's own reopen step.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { auditDenials, currentUser, requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { conflict, notFound } from '../errors.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { issueDetail } from '../issues/detail.ts'
import { STATUS_ZH, type Status } from '../issues/states.ts'
import { applyTransition } from '../issues/transition.ts'
import { publishEvents } from '../stream/publish.ts'
import { valid } from '../validate.ts'

const Q = { insert: sql(import.meta.url, 'insert.sql'), current: sql(import.meta.url, 'current.sql') }

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
/** Who records 回访: those who may reopen an issue (a dissatisfied callback does). */
export const CALLBACK_ROLES = ['admin', 'leader', 'inspector'] as const

const body = z.object({ satisfaction: z.enum(SATISFACTION), note: z.string().trim().max(2000).optional() }).strict()
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const streetQuery = z.object({ street: filterShape.street }).strict()

export const callbacksRoutes = new Hono<AppEnv>().post(
  '/:id/callback',
  requireRole(...CALLBACK_ROLES),
  valid('param', idParam),
  valid('query', streetQuery),
  valid('json', body),
  async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const id = c.req.valid('param').id
    const b = c.req.valid('json')
    const user = currentUser(c)
    const t = now()
    const ids = await auditDenials(c, () =>
      db.tx(async (q) => {
        const [cur] = await q.query<{ status: Status; closing: number | null }>(Q.current, [street, id])
        if (!cur) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
        if (!(cur.status === 'closed' || cur.status === 'answered') || cur.closing === null)
          throw conflict('not_closed', `问题当前为${STATUS_ZH[cur.status]}，销号或答复后才能回访 (callback after closing or answering only)`)
        const rows = await q.query<{ id: number }>(Q.insert, [street, id, cur.closing, t, user.username, b.satisfaction, b.note ?? '', cur.status])
        if (!rows.length) throw conflict('callback_exists', `问题 #${id} 本次办结已回访 (already called back)`)
        const events = rows.map((r) => r.id)
        if (b.satisfaction === 'dissatisfied')
          events.push(...(await applyTransition(q, street, id, { action: 'reopen', note: `回访不满意：${b.note ?? ''}`.trim() }, user, t)))
        return events
      }),
    )
    const [, issue] = await Promise.all([publishEvents(db, street, t, ids), issueDetail(db, street, id, t)])
    return c.json(issue, 201)
  },
)
