/** /analysis/*: bike coverage, hotspot bins, Gi* hot spots, recurring problems and area analysis. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { instant, resolveStreet } from '../filters.ts'
import { badRequest } from '../errors.ts'
import { valid } from '../validate.ts'
import { bikeCoverage } from './coverage.ts'

const street = z.string().regex(/^\d{9}$/, 'expected a 9-digit street code').optional()
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

const coverageQuery = z
  .object({
    street,
    radius: z.coerce.number().int('radius: whole metres').min(10).max(1000).default(300),
    from: instant.optional(),
    to: instant.optional(),
    geometry: flag.optional(),
  })
  .strict()

/** Rejects a window whose start is not before its end. */
function window(from?: Date, to?: Date) {
  if (from && to && from >= to) throw badRequest('invalid_parameter', 'from: must be before to')
  return { from, to }
}

export const analysisRoutes = new Hono<AppEnv>()
  .get('/bike-coverage', valid('query', coverageQuery), async (c) => {
    const f = c.req.valid('query')
    const { db } = c.var.deps
    const id = await resolveStreet(db, f.street)
    const body = await bikeCoverage(db, { street: id, radius: f.radius, ...window(f.from, f.to), geometry: f.geometry })
    return c.json(body, 200)
  })
