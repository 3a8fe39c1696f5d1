/** GET /stats/*: problems per grid, per community and for the whole street, under the shared filters. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv, Deps } from '../env.ts'
import { filterParams, filterShape, resolveStreet, type Filters } from '../filters.ts'
import { sql } from '../../db/sql.ts'
import { valid } from '../validate.ts'
import { foldCommunities, foldGrids, foldSummary, type AreaRow, type CountRow } from './fold.ts'

const Q = {
  counts: sql(import.meta.url, 'counts.sql'),
  areas: sql(import.meta.url, 'areas.sql'),
  categories: sql(import.meta.url, 'categories.sql'),
}

const query = z.object(filterShape).strict()

/** The counts behind every statistics endpoint for one request. */
async function counts({ db, now }: Deps, f: Filters) {
  const street = await resolveStreet(db, f.street)
  const rows = await db.query<CountRow>(Q.counts, [street, ...filterParams(f), now()])
  return { street, rows }
}

export const statsRoutes = new Hono<AppEnv>()
  .get('/grids', valid('query', query), async (c) => {
    const f = c.req.valid('query')
    const { street, rows } = await counts(c.var.deps, f)
    const areas = await c.var.deps.db.query<AreaRow>(Q.areas, [street, f.community ?? null, f.grid ?? null])
    return c.json(foldGrids(areas, rows), 200)
  })
  .get('/communities', valid('query', query), async (c) => {
    const f = c.req.valid('query')
    const { street, rows } = await counts(c.var.deps, f)
    const areas = await c.var.deps.db.query<AreaRow>(Q.areas, [street, f.community ?? null, f.grid ?? null])
    return c.json(foldCommunities(areas, rows), 200)
  })
  .get('/summary', valid('query', query), async (c) => {
    const { street, rows } = await counts(c.var.deps, c.req.valid('query'))
    const cats = await c.var.deps.db.query<{ code: string; name: string }>(Q.categories, [street])
    return c.json(foldSummary(cats, rows), 200)
  })
