/**
 * GET /public/map: the street's public map of 随手拍 (issue 20), for anyone, when an admin turned it
 * on (`public_map` in /moderation/settings; off by default): accepted reports of the last 30 days as
 * GeoJSON points, without anything personal (map.sql says what is left out and why).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { notFound } from '../errors.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'

const Q = { settings: sql(import.meta.url, 'settings-get.sql'), map: sql(import.meta.url, 'map.sql') }

/** Most points on the public map: a street receives tens of reports a day, not thousands. */
export const PUBLIC_MAP_LIMIT = 2_000

type Row = { category: string; community: string | null; status: string; day: string; lon: number; lat: number }

export const publicMapRoutes = new Hono<AppEnv>().get('/', valid('query', z.object({ street: filterShape.street }).strict()), async (c) => {
  const { db, now } = c.var.deps
  const street = await resolveStreet(db, c.req.valid('query').street)
  const [s] = await db.query<{ public_map: boolean }>(Q.settings, [street])
  if (!s.public_map) throw notFound('本街道未开放随手拍公开地图 (the public map is off for this street)')
  const rows = await db.query<Row>(Q.map, [street, now(), PUBLIC_MAP_LIMIT])
  c.header('Cache-Control', 'public, max-age=300')
  return c.json(
    {
      type: 'FeatureCollection' as const,
      features: rows.map(({ lon, lat, ...properties }) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [lon, lat] },
        properties,
      })),
    },
    200,
  )
})
