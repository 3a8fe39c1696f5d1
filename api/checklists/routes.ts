/** /checklists: each point class's 五查五看 checklist; /admin/checklists/{class}: an admin's edit (a new version). */
import { Hono } from 'hono'
import { z } from 'zod'
import { currentUser, requireRole, STAFF } from '../auth/guard.ts'
import { adminStreet, auditIn } from '../admin/common.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { readChecklists, writeChecklist } from './store.ts'

const CODE = /^[0-9A-Za-z_-]{1,40}$/

const listQuery = z
  .object({
    class: z.string().regex(CODE, 'not a valid class code').optional(),
    version: z.coerce.number().int().positive().max(1_000_000).optional(),
    street: filterShape.street,
  })
  .strict()

const itemBody = z
  .object({
    code: z.string().regex(CODE, 'not a valid item code').optional(),
    text: z.string().trim().min(1).max(200),
    points: z.number().int().min(1).max(100),
    category: z.string().regex(CODE, 'not a valid category code'),
    photo_required: z.boolean().default(false),
  })
  .strict()

const editBody = z.object({ items: z.array(itemBody).min(1).max(40) }).strict()
const classParam = z.object({ class_code: z.string().regex(CODE, 'not a valid class code') })

export const checklistsRoutes = new Hono<AppEnv>().get('/', requireRole(...STAFF, 'kiosk'), valid('query', listQuery), async (c) => {
  const { db } = c.var.deps
  const q = c.req.valid('query')
  const street = await resolveStreet(db, q.street)
  const lists = await readChecklists(db, street, q.class ?? null, q.version ?? null)
  if (q.class && !lists.length) throw notFound(`没有这个点位类别或版本: ${q.class} (unknown point class or version)`)
  return c.json(lists, 200)
})

export const checklistsAdminRoutes = new Hono<AppEnv>().put(
  '/:class_code',
  requireRole('admin'),
  valid('param', classParam),
  valid('json', editBody),
  async (c) => {
    const { db, now } = c.var.deps
    const street = adminStreet(c)
    const cls = c.req.valid('param').class_code
    const { items } = c.req.valid('json')
    const version = await db.tx(async (q) => {
      const v = await writeChecklist(q, street, cls, items, currentUser(c).username, now())
      await auditIn(q, c, 'checklist_changed', `checklist:${cls}`, { version: v, items: items.length })
      return v
    })
    const [list] = await readChecklists(db, street, cls, version)
    return c.json(list, 200)
  },
)
