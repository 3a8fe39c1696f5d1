/** /issues: the list of problems under the shared filters (the closed loop adds its writes here). */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { filterParams, filterShape, resolveStreet } from '../filters.ts'
import { sql } from '../../db/sql.ts'
import { valid } from '../validate.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { issueFeature, type IssueRow } from './feature.ts'

const Q = { list: sql(import.meta.url, 'list.sql') }

export const MAX_PAGE = 5000

const listQuery = z
  .object({
    ...filterShape,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(1000),
    cursor: z.string().max(200).optional(),
  })
  .strict()

export const issuesRoutes = new Hono<AppEnv>().get('/', valid('query', listQuery), async (c) => {
  const { db, now } = c.var.deps
  const f = c.req.valid('query')
  const street = await resolveStreet(db, f.street)
  const [afterAt, afterId] = f.cursor ? decodeCursor(f.cursor) : [null, null]
  const params = [street, ...filterParams(f), now(), afterAt, afterId, f.limit + 1]
  const rows = await db.query<IssueRow>(Q.list, params)
  const page = rows.slice(0, f.limit)
  const last = page[page.length - 1]
  const next = rows.length > f.limit && last ? encodeCursor(last.reported_at, last.id) : null
  return c.json(
    { type: 'FeatureCollection' as const, features: page.map(issueFeature), meta: { count: page.length, next_cursor: next } },
    200,
  )
})
