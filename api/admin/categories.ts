/** /admin/categories: each category's time limit (working hours or days) and default group. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'
import { checkRefs } from './refs.ts'

const Q = {
  list: sql(import.meta.url, 'categories-list.sql'),
  lock: sql(import.meta.url, 'category-lock.sql'),
  update: sql(import.meta.url, 'category-update.sql'),
}

const code = z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid category code')
const updateBody = z
  .object({
    time_limit_value: z.number().int().min(1).max(999).optional(),
    time_limit_unit: z.enum(['work_hours', 'work_days']).optional(),
    default_group_code: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,20}$/, 'not a valid group code')
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')

type Category = {
  code: string
  name: string
  time_limit_value: number
  time_limit_unit: 'work_hours' | 'work_days'
  default_group_code: string
  sort: number
}

export const categoriesRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ categories: await c.var.deps.db.query<Category>(Q.list, [adminStreet(c), null]) }, 200))
  .patch('/:code', valid('param', z.object({ code })), valid('json', updateBody), async (c) => {
    const street = adminStreet(c)
    const { code: id } = c.req.valid('param')
    const category = await c.var.deps.db.tx(async (q) => {
      const [before] = await q.query<Category>(Q.lock, [street, id])
      if (!before) throw notFound(`没有这个问题类别: ${id} (no such category)`)
      const after: Category = { ...before, ...c.req.valid('json') }
      await checkRefs(q, street, { group: after.default_group_code })
      await q.query(Q.update, [street, id, after.time_limit_value, after.time_limit_unit, after.default_group_code])
      await auditIn(q, c, 'category_updated', id, { before, after })
      return after
    })
    return c.json({ category }, 200)
  })
