/** GET /audit: the audit log, for admins only. Issue changes are in each issue's own timeline. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { currentUser, requireRole } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import type { AppEnv } from '../env.ts'
import { instant } from '../filters.ts'
import { valid } from '../validate.ts'

const Q = { list: sql(import.meta.url, 'list.sql') }

const query = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    action: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict()

type Entry = { id: number; at: Date; actor: string; action: string; target: string; detail: unknown; address: string }

export const auditRoutes = new Hono<AppEnv>().get('/', requireRole('admin'), valid('query', query), async (c) => {
  const q = c.req.valid('query')
  const rows = await c.var.deps.db.query<Entry>(Q.list, [
    currentUser(c).street_id,
    q.from ?? null,
    q.to ?? null,
    q.action ?? null,
    q.before ?? null,
    q.limit,
  ])
  const entries = rows.map((r) => ({ ...r, at: isoLocal(r.at) }))
  const last = rows[rows.length - 1]
  return c.json({ entries, next_before: rows.length === q.limit && last ? last.id : null }, 200)
})
