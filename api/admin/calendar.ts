/** /admin/calendar: the working-time calendar's public holidays and 调休 working days, by year. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'

const Q = {
  list: sql(import.meta.url, 'calendar-list.sql'),
  get: sql(import.meta.url, 'calendar-get.sql'),
  upsert: sql(import.meta.url, 'calendar-upsert.sql'),
  delete: sql(import.meta.url, 'calendar-delete.sql'),
}

/** A calendar date that exists as written (2026-02-30 is refused), years 2000–2100. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number)
    const t = new Date(Date.UTC(y, m - 1, d))
    return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
  }, 'not a real date (2000–2100)')
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict()
const dayBody = z.object({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).default('') }).strict()

type Day = { day: string; kind: 'holiday' | 'workday'; name: string }

export const calendarRoutes = new Hono<AppEnv>()
  .get('/', valid('query', yearQuery), async (c) => {
    const { year } = c.req.valid('query')
    return c.json({ year, days: await c.var.deps.db.query<Day>(Q.list, [adminStreet(c), year]) }, 200)
  })
  .put('/:day', valid('param', z.object({ day })), valid('json', dayBody), async (c) => {
    const street = adminStreet(c)
    const after: Day = { day: c.req.valid('param').day, ...c.req.valid('json') }
    await c.var.deps.db.tx(async (q) => {
      const [before] = await q.query<Day>(Q.get, [street, after.day])
      await q.query(Q.upsert, [street, after.day, after.kind, after.name])
      await auditIn(q, c, 'calendar_day_set', after.day, { before: before ?? null, after })
    })
    return c.json({ day: after }, 200)
  })
  .delete('/:day', valid('param', z.object({ day })), async (c) => {
    const street = adminStreet(c)
    const { day: d } = c.req.valid('param')
    await c.var.deps.db.tx(async (q) => {
      const [before] = await q.query<Day>(Q.get, [street, d])
      if (!before) throw notFound(`日历中没有这一天: ${d} (no such calendar day)`)
      await q.query(Q.delete, [street, d])
      await auditIn(q, c, 'calendar_day_deleted', d, { before, after: null })
    })
    return c.json({ ok: true as const }, 200)
  })
