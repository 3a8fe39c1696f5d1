/**
 * /hotline: the 12345 bridge files work orders (a token of role `hotline`, which may do nothing else),
 * and staff place the orders the locator could not in the 待定位 queue.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { auditDenials, currentUser, requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { sql } from '../../db/sql.ts'
import { publishEvents } from '../stream/publish.ts'
import { valid } from '../validate.ts'
import { caseBody, fileCase, placeBody, placeCase } from './cases.ts'

const Q = { unlocated: sql(import.meta.url, 'unlocated.sql') }

/** Who works the 待定位 queue: those who assign and check problems. */
export const PLACERS = ['admin', 'leader', 'inspector'] as const

const streetQuery = z.object({ street: filterShape.street }).strict()
const caseParam = z.object({ case_no: z.string().min(1).max(60) })

interface QueueRow {
  case_no: string
  received_at: Date
  reported_at: Date
  description: string
  category: string
  category_name: string
  address: string
  deadline: Date | null
  guess_lon: number | null
  guess_lat: number | null
  confidence: number | null
}

export const hotlineRoutes = new Hono<AppEnv>()
  .post('/cases', requireRole('hotline', 'admin'), valid('query', streetQuery), valid('json', caseBody), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const t = now()
    const r = await db.tx((q) => fileCase(q, street, c.req.valid('json'), currentUser(c).username, t))
    if (r.eventIds.length) await publishEvents(db, street, t, r.eventIds)
    return c.json(r.answer, r.created ? 201 : 200)
  })
  .get('/unlocated', requireRole(...PLACERS), valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const rows = await db.query<QueueRow>(Q.unlocated, [street])
    const cases = rows.map(({ guess_lon, guess_lat, confidence, received_at, reported_at, deadline, ...r }) => ({
      ...r,
      received_at: isoLocal(received_at),
      reported_at: isoLocal(reported_at),
      deadline: deadline ? isoLocal(deadline) : null,
      guess: guess_lon === null || guess_lat === null ? null : { lon: guess_lon, lat: guess_lat, confidence },
    }))
    return c.json({ cases }, 200)
  })
  .post(
    '/cases/:case_no/place',
    requireRole(...PLACERS),
    valid('param', caseParam),
    valid('query', streetQuery),
    valid('json', placeBody),
    async (c) => {
      const { db, now } = c.var.deps
      const street = await resolveStreet(db, c.req.valid('query').street)
      const t = now()
      const r = await auditDenials(c, () =>
        db.tx((q) => placeCase(q, street, c.req.valid('param').case_no, c.req.valid('json'), currentUser(c).username, t)),
      )
      await publishEvents(db, street, t, r.eventIds)
      return c.json(r.answer, 201)
    },
  )
