/** GET /layers/*: the street's map layers as GeoJSON FeatureCollections. */
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { gridScope } from '../auth/guard.ts'
import { canSeeContacts } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { resolveStreet } from '../filters.ts'
import { sql } from '../../db/sql.ts'
import { valid } from '../validate.ts'

const Q = {
  boundary: sql(import.meta.url, 'boundary.sql'),
  communities: sql(import.meta.url, 'communities.sql'),
  grids: sql(import.meta.url, 'grids.sql'),
  points: sql(import.meta.url, 'points.sql'),
  bikeZones: sql(import.meta.url, 'bike-zones.sql'),
  basemap: sql(import.meta.url, 'basemap.sql'),
}

const street = z
  .string()
  .regex(/^\d{9}$/, 'expected a 9-digit street code')
  .optional()
const streetOnly = z.object({ street }).strict()
const gridsQuery = z
  .object({
    street,
    community: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  })
  .strict()
const pointsQuery = z
  .object({
    street,
    class: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,40}$/)
      .optional(),
    community: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    grid: z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
  })
  .strict()

/** The properties each layer's SQL builds (json_build_object in its .sql file); type aliases, so they pass as plain records. */
export type StreetProps = { code: string; name: string; area_m2: number; population: number | null; synthetic: boolean }
export type CommunityProps = { code: string; name: string; population: number | null; area_m2: number; synthetic: boolean }
export type GridProps = {
  code: string
  name: string
  community_code: string
  area_m2: number
  manager_name: string | null
  synthetic: boolean
}
/** A field point; the ledger's address and contact fields only for roles allowed to see them. */
export type PointProps = {
  id: number
  code: string
  name: string
  class_code: string
  class_name: string
  grid_code: string
  community_code: string
  synthetic: boolean
  address?: string | null
  contact_name?: string | null
  contact_phone?: string | null
  notes?: string | null
  updated_at?: string | null
}
export type BikeZoneProps = { id: number; code: string; name: string; capacity: number; synthetic: boolean }
/** Roads are lines, blocks are polygons. */
export type BasemapGeometry = LineString | MultiLineString | Polygon | MultiPolygon
export type BasemapProps = { kind: 'road' | 'block'; name: string; class: string }

type FeatureRow<G extends Geometry, P> = { geometry: G; properties: P }

/** Runs one layer query for the street a request names (extra parameters follow the street id). */
async function layer<P, G extends Geometry = Geometry>(db: Queryable, text: string, street: string | undefined, extra: unknown[] = []) {
  const id = await resolveStreet(db, street)
  const rows = await db.query<FeatureRow<G, P>>(text, [id, ...extra])
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({ type: 'Feature' as const, geometry: r.geometry, properties: r.properties })),
  }
}

export const layersRoutes = new Hono<AppEnv>()
  .get('/boundary', valid('query', streetOnly), async (c) =>
    c.json(await layer<StreetProps, MultiPolygon>(c.var.deps.db, Q.boundary, c.req.valid('query').street), 200),
  )
  .get('/communities', valid('query', streetOnly), async (c) =>
    c.json(await layer<CommunityProps, MultiPolygon>(c.var.deps.db, Q.communities, c.req.valid('query').street), 200),
  )
  .get('/grids', valid('query', gridsQuery), async (c) => {
    const q = c.req.valid('query')
    return c.json(await layer<GridProps, MultiPolygon>(c.var.deps.db, Q.grids, q.street, [q.community ?? null]), 200)
  })
  .get('/points', valid('query', pointsQuery), async (c) => {
    const q = c.req.valid('query')
    const user = c.var.user
    const extra = [canSeeContacts(user), q.class ?? null, q.community ?? null, q.grid ?? null, gridScope(user)]
    return c.json(await layer<PointProps, Point>(c.var.deps.db, Q.points, q.street, extra), 200)
  })
  .get('/bike-zones', valid('query', streetOnly), async (c) =>
    c.json(await layer<BikeZoneProps, Polygon>(c.var.deps.db, Q.bikeZones, c.req.valid('query').street), 200),
  )
  .get('/basemap', valid('query', streetOnly), async (c) =>
    c.json(await layer<BasemapProps, BasemapGeometry>(c.var.deps.db, Q.basemap, c.req.valid('query').street), 200),
  )
