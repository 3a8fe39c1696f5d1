/** GET /stats/*: problems per grid, per community and for the whole street, under the shared filters. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { gridScope } from '../auth/guard.ts'
import type { AppEnv, Deps } from '../env.ts'
import { filterShape, instant, issueFilter, resolveStreet, type Filters } from '../filters.ts'
import { sql } from '../../db/sql.ts'
import { valid } from '../validate.ts'
import { atVersion } from '../cache/memo.ts'
import { categoryNames } from './categories.ts'
import { asksAfresh } from '../cache/middleware.ts'
import { arrival } from '../cache/shared.ts'
import { sharedCountRows } from './counts.ts'
import { foldCommunities, foldGrids, foldSummary, type AreaRow } from './fold.ts'

const Q = {
  areas: sql(import.meta.url, 'areas.sql'),
  closedSince: sql(import.meta.url, 'closed-since.sql'),
}

// as_of: the time machine — statistics as they stood at that instant, rebuilt from issue_events.
const query = z.object({ ...filterShape, as_of: instant.optional() }).strict()

/** The counts behind every statistics endpoint for one request, within the reader's scope; `fresh`: the request asked afresh. */
async function counts({ db, now }: Deps, f: Filters & { as_of?: Date }, scope: string[] | null, fresh: boolean) {
  // Before the first statement, which may choose a replica (api/cache/shared.ts).
  const at = arrival(db)
  const street = await resolveStreet(db, f.street)
  const rows = await sharedCountRows(now, at, fresh, db, street, issueFilter(f), scope, f.as_of)
  return { street, rows }
}

/** The grids and communities the rows are about: the filter's area cut to the reader's scope (kept per shape version: no issue write changes them). */
function areas(db: Queryable, street: number, f: Filters, scope: string[] | null) {
  const params = [street, f.community ?? null, f.grid ?? null, scope]
  return atVersion(db, `stats/areas ${JSON.stringify(params)}`, () => db.query<AreaRow>(Q.areas, params))
}

export const statsRoutes = new Hono<AppEnv>()
  .get('/grids', valid('query', query), async (c) => {
    const f = c.req.valid('query')
    const scope = gridScope(c.var.user)
    const { street, rows } = await counts(c.var.deps, f, scope, asksAfresh(c))
    return c.json(foldGrids(await areas(c.var.deps.db, street, f, scope), rows), 200)
  })
  .get('/communities', valid('query', query), async (c) => {
    const f = c.req.valid('query')
    const scope = gridScope(c.var.user)
    const { street, rows } = await counts(c.var.deps, f, scope, asksAfresh(c))
    return c.json(foldCommunities(await areas(c.var.deps.db, street, f, scope), rows), 200)
  })
  // closed_since: also count the issues closed (销号) since then, whenever reported (本周销号).
  .get('/summary', valid('query', query.extend({ closed_since: instant.optional() })), async (c) => {
    const { closed_since, ...f } = c.req.valid('query')
    const scope = gridScope(c.var.user)
    const { street, rows } = await counts(c.var.deps, f, scope, asksAfresh(c))
    const { db } = c.var.deps
    const [cats, closed] = await Promise.all([
      categoryNames(db, street),
      closed_since
        ? db.query<{ n: number }>(Q.closedSince, [
            street,
            closed_since,
            f.category ?? null,
            f.community ?? null,
            f.grid ?? null,
            scope,
            f.as_of ?? null,
          ])
        : null,
    ])
    return c.json({ ...foldSummary(cats, rows), closed_since: closed ? closed[0].n : null }, 200)
  })
