/**
 * GET /district: every street's indicators side by side and ranked, for one window (default: the
 * 30 days before now); GET /district/boundaries: the streets' outlines for the district map.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { badRequest } from '../errors.ts'
import { instant } from '../filters.ts'
import { valid } from '../validate.ts'
import { ALL_STREETS, districtReaders } from './access.ts'
import { RANK_BY, districtRanking } from './ranking.ts'
import { districtTokenRoutes } from './tokens.ts'

const Q = { boundaries: sql(import.meta.url, 'boundaries.sql') }

const DAY_MS = 86_400_000
const query = z.object({ from: instant.optional(), to: instant.optional(), by: z.enum(RANK_BY).default('rectification_rate') }).strict()

type Feature = { geometry: unknown; properties: { code: string; name: string; synthetic: boolean } }

export const districtRoutes = new Hono<AppEnv>()
  .route('/tokens', districtTokenRoutes)
  .get('/', districtReaders, valid('query', query), async (c) => {
    const { db, now } = c.var.deps
    const f = c.req.valid('query')
    const to = f.to ?? now()
    const from = f.from ?? new Date(to.getTime() - 30 * DAY_MS)
    if (from >= to) throw badRequest('invalid_parameter', 'from: must be before to')
    const streets = (await db.query<{ id: number }>(ALL_STREETS)).map((r) => r.id)
    return c.json(await districtRanking(db, { streets, from, to, now: now(), by: f.by }), 200)
  })
  .get('/boundaries', districtReaders, async (c) => {
    const { db } = c.var.deps
    const streets = (await db.query<{ id: number }>(ALL_STREETS)).map((r) => r.id)
    const rows = await db.query<Feature>(Q.boundaries, [streets])
    return c.json({ type: 'FeatureCollection' as const, features: rows.map((r) => ({ type: 'Feature' as const, ...r })) }, 200)
  })
