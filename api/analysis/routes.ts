/** /analysis/*: bike coverage, hotspot bins, Gi* hot spots, recurring problems and area analysis. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { filterParams, filterShape, instant, issueFilter, resolveStreet } from '../filters.ts'
import { badRequest } from '../errors.ts'
import { valid } from '../validate.ts'
import { analyseArea } from './area.ts'
import { bikeCoverage, COVERAGE_RADII } from './coverage.ts'
import { bins, gridHotspots } from './hotspots.ts'
import { asksAfresh } from '../cache/middleware.ts'
import { arrival } from '../cache/shared.ts'
import { sharedCountRows } from '../stats/counts.ts'
import { recurring } from './recurring.ts'
import { checkInStreet, checkShape, polygonShape } from './polygon.ts'

const street = z
  .string()
  .regex(/^\d{9}$/, 'expected a 9-digit street code')
  .optional()
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
/** One of the coverage radii (each is a cache the street keeps; see coverage.ts). */
const radius = z
  .number()
  .int('radius: whole metres')
  .refine((r) => (COVERAGE_RADII as readonly number[]).includes(r), `radius: one of ${COVERAGE_RADII.join(', ')} m`)

const coverageQuery = z
  .object({
    street,
    radius: z.coerce.number().pipe(radius).default(300),
    from: instant.optional(),
    to: instant.optional(),
    geometry: flag.optional(),
  })
  .strict()

const binsQuery = z
  .object({
    ...filterShape,
    size: z.coerce.number().min(50).max(500).default(100),
    shape: z.enum(['hex', 'square']).default('hex'),
  })
  .strict()
const filterQuery = z.object(filterShape).strict()
const recurringQuery = z
  .object({
    street,
    from: instant.optional(),
    to: instant.optional(),
    category: filterShape.category,
    min: z.coerce.number().int().min(2).max(100).default(3),
  })
  .strict()

const span = z.object({ from: instant, to: instant }).strict()
const areaBody = z
  .object({
    street,
    polygon: polygonShape,
    from: instant.optional(),
    to: instant.optional(),
    category: z
      .array(z.string().regex(/^[0-9A-Za-z_-]{1,40}$/))
      .min(1)
      .max(50)
      .optional(),
    radius: radius.default(300),
    compare: z.object({ before: span, after: span }).strict().optional(),
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
  .get('/bins', valid('query', binsQuery), async (c) => {
    const { size, shape, ...f } = c.req.valid('query')
    const { db } = c.var.deps
    const id = await resolveStreet(db, f.street)
    return c.json(await bins(db, id, size, shape, filterParams(f)), 200)
  })
  .get('/hotspots', valid('query', filterQuery), async (c) => {
    const f = c.req.valid('query')
    const { db, now } = c.var.deps
    // Before the first statement, which may choose a replica (api/cache/shared.ts).
    const at = arrival(db)
    const id = await resolveStreet(db, f.street)
    const filter = issueFilter(f)
    const counted = () => sharedCountRows(now, at, asksAfresh(c), db, id, filter, null)
    return c.json({ unit: 'grid', grids: await gridHotspots(db, id, filter, now(), counted) }, 200)
  })
  .get('/recurring', valid('query', recurringQuery), async (c) => {
    const f = c.req.valid('query')
    const { db } = c.var.deps
    const id = await resolveStreet(db, f.street)
    const w = window(f.from, f.to)
    return c.json({ radius_m: 30, min: f.min, places: await recurring(db, id, { ...w, categories: f.category, min: f.min }) }, 200)
  })
  .post('/area', valid('json', areaBody), async (c) => {
    const b = c.req.valid('json')
    const { db, now } = c.var.deps
    const polygon = checkShape(b.polygon)
    const id = await resolveStreet(db, b.street)
    const shape = await checkInStreet(db, id, polygon)
    const compare = b.compare && {
      before: window(b.compare.before.from, b.compare.before.to),
      after: window(b.compare.after.from, b.compare.after.to),
    }
    const body = await analyseArea(db, { street: id, shape, ...window(b.from, b.to), categories: b.category, radius: b.radius, now: now(), compare })
    return c.json(body, 200)
  })
