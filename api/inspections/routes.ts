/** /inspections: scoring a point against its checklist (督查), and reading scores back. */
import { Hono } from 'hono'
import { z } from 'zod'
import { auditDenials, currentUser, gridScope, INSPECTORS, requireRole, STAFF } from '../auth/guard.ts'
import { weekOf, weekParam } from '../assessments/week.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { namedSql } from '../../db/sql.ts'
import { publishEvents } from '../stream/publish.ts'
import { idempotencyKey, once, REPLAYED_HEADER, requestHash } from '../idempotency/once.ts'
import { valid } from '../validate.ts'
import { insertInspection, inspectionBody } from './create.ts'

const Q = { list: namedSql(import.meta.url, 'list.sql') }

/** Who may inspect: inspectors, group leaders, leaders and admins (not grid managers, not the wall). */

const listQuery = z
  .object({
    point: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,40}$/)
      .optional(),
    week: weekParam.optional(),
    grid: filterShape.grid,
    community: filterShape.community,
    latest: z.enum(['true', 'false', '1', '0']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    street: filterShape.street,
  })
  .strict()

interface ListRow {
  id: number
  point_code: string
  point_name: string
  class_code: string
  checklist_version: number
  at: Date
  score: number
  failed_items: number
  grid_code: string | null
  community_code: string | null
  inspector: string
  items: unknown[]
}

export const inspectionsRoutes = new Hono<AppEnv>()
  .post('/', requireRole(...INSPECTORS), valid('json', inspectionBody), async (c) => {
    const { db, now } = c.var.deps
    const user = currentUser(c)
    const body = c.req.valid('json')
    const street = await resolveStreet(db, body.street)
    const t = now()
    const key = idempotencyKey(c)
    const hash = requestHash(user.username, 'POST /inspections', JSON.stringify(body))
    const made = await auditDenials(c, () =>
      once(db, { street, key, actor: user.username, hash, now: t, status: 201 }, async (q) => {
        const m = await insertInspection(q, street, body, user, t)
        const answer = { id: m.id, point_code: m.point_code, checklist_version: m.checklist_version, score: m.score, issues: m.issues }
        return { body: { ...answer, week: weekOf(body.at ?? t).label }, extra: m.events }
      }),
    )
    if (made.replayed) c.header(REPLAYED_HEADER, 'true')
    else await publishEvents(db, street, t, made.extra!)
    return c.json(made.body, 201)
  })
  // Scores and failed items: staff; a grid manager only their grids' points.
  .get('/', requireRole(...STAFF), valid('query', listQuery), async (c) => {
    const { db } = c.var.deps
    const f = c.req.valid('query')
    const street = await resolveStreet(db, f.street)
    const rows = await db.query<ListRow>(
      Q.list.text,
      Q.list.params({
        street,
        point: f.point ?? null,
        week_start: f.week?.monday ?? null,
        grid: f.grid ?? null,
        community: f.community ?? null,
        scope: gridScope(c.var.user),
        latest: f.latest === 'true' || f.latest === '1',
        limit: f.limit,
      }),
    )
    const inspections = rows.map((r) => ({
      id: r.id,
      point_code: r.point_code,
      point_name: r.point_name,
      class_code: r.class_code,
      checklist_version: r.checklist_version,
      at: isoLocal(r.at),
      week: weekOf(r.at).label,
      score: r.score,
      failed_items: r.failed_items,
      grid_code: r.grid_code,
      community_code: r.community_code,
      inspector: r.inspector,
      items: r.items ?? [],
    }))
    return c.json({ inspections }, 200)
  })
