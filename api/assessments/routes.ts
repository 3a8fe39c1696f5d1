/** /assessments/weekly: 一周一测评 per community or grid; /admin/assessment-settings: N flags and blending. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { adminStreet, auditIn } from '../admin/common.ts'
import { currentUser, gridScope, requireRole } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { weekOf, weekParam } from './week.ts'
import { LEVELS, readSettings, weeklyAssessment } from './weekly.ts'

const Q = { put: sql(import.meta.url, 'settings-put.sql') }

const weeklyQuery = z
  .object({
    week: weekParam.optional(),
    level: z.enum(LEVELS).default('community'),
    street: filterShape.street,
  })
  .strict()

const settingsBody = z
  .object({
    flag_count: z.number().int().min(0).max(20),
    blend_weight: z.number().min(0).max(1),
  })
  .strict()

export const assessmentsRoutes = new Hono<AppEnv>().get('/weekly', valid('query', weeklyQuery), async (c) => {
  const { db, now } = c.var.deps
  const f = c.req.valid('query')
  const street = await resolveStreet(db, f.street)
  const t = now()
  const a = await weeklyAssessment(db, street, f.week ?? weekOf(t), f.level, t)
  // a grid manager sees the street's ranks, but only the rows of their own grids (or their communities)
  const scope = gridScope(c.var.user)
  const rows = scope === null ? a.rows : a.rows.filter((r) => (f.level === 'grid' ? scope.includes(r.code) : scope.some((g) => g.startsWith(r.code))))
  return c.json({ ...a, from: isoLocal(a.from), to: isoLocal(a.to), rows }, 200)
})

export const assessmentSettingsRoutes = new Hono<AppEnv>()
  .get('/', requireRole('admin'), async (c) => c.json(await readSettings(c.var.deps.db, adminStreet(c)), 200))
  .put('/', requireRole('admin'), valid('json', settingsBody), async (c) => {
    const { db, now } = c.var.deps
    const street = adminStreet(c)
    const after = c.req.valid('json')
    await db.tx(async (q) => {
      const before = await readSettings(q, street)
      await q.query(Q.put, [street, after.flag_count, after.blend_weight, currentUser(c).username, now()])
      await auditIn(q, c, 'settings_changed', 'assessment_settings', { before, after })
    })
    return c.json(after, 200)
  })
