/** GET /contacts: the phones of the people responsible for a grid (its grid managers) and a group (its leaders), for 督办. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { currentUser, requireRole, STAFF } from '../auth/guard.ts'
import type { Role } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { badRequest, notFound } from '../errors.ts'
import { valid } from '../validate.ts'

const Q = { contacts: sql(import.meta.url, 'contacts.sql') }

const query = z
  .object({
    grid: z
      .string()
      .regex(/^\d{14}$/, 'expected a 14-digit grid code')
      .optional(),
    group: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,20}$/, 'not a valid group code')
      .optional(),
  })
  .strict()

interface Row {
  username: string
  display_name: string
  role: Role
  phone: string
  group_code: string | null
  grids: string[]
}

/** A contact as the API shows it: a grid manager with their grids, a group leader with their group. */
function present({ grids, group_code, ...r }: Row) {
  return r.role === 'grid_manager' ? { ...r, grids } : { ...r, group_code: group_code ?? undefined }
}

// Phones are personal data: staff only (not the wall display), in the caller's own street.
export const contactsRoutes = new Hono<AppEnv>().get('/', requireRole(...STAFF), valid('query', query), async (c) => {
  const { grid, group } = c.req.valid('query')
  if (!grid && !group) throw badRequest('invalid_parameter', 'grid 或 group 至少给一个 (give grid, group or both)')
  const [row] = await c.var.deps.db.query<{ grid_known: boolean; group_known: boolean; contacts: Row[] }>(Q.contacts, [
    currentUser(c).street_id,
    grid ?? null,
    group ?? null,
  ])
  if (!row.grid_known) throw notFound(`没有这个网格: ${grid} (no such grid)`)
  if (!row.group_known) throw notFound(`没有这个整治组: ${group} (no such group)`)
  return c.json({ contacts: row.contacts.map(present) }, 200)
})
