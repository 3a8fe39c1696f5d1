/** /admin/loop-settings: the duplicate radius, the 督办 delay and the street's leader. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'

const Q = {
  get: sql(import.meta.url, 'settings-get.sql'),
  put: sql(import.meta.url, 'settings-put.sql'),
  lock: sql(import.meta.url, 'settings-lock.sql'),
}

const settingsBody = z
  .object({
    duplicate_radius_m: z.number().min(1).max(1000),
    escalate_after_hours: z.number().min(0).max(720),
    street_leader: z.string().trim().min(1).max(40),
  })
  .strict()

type Settings = z.infer<typeof settingsBody>

export const settingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [s] = await c.var.deps.db.query<Settings>(Q.get, [adminStreet(c)])
    return c.json(s, 200)
  })
  .put('/', valid('json', settingsBody), async (c) => {
    const street = adminStreet(c)
    const after = c.req.valid('json')
    await c.var.deps.db.tx(async (q) => {
      await q.query(Q.lock, [street])
      const [before] = await q.query<Settings>(Q.get, [street])
      await q.query(Q.put, [street, after.duplicate_radius_m, after.escalate_after_hours, after.street_leader])
      await auditIn(q, c, 'settings_changed', 'loop_settings', { before, after })
    })
    return c.json(after, 200)
  })
