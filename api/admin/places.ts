/** /admin/places: the street's communities and grids (codes and names, no geometry) for the admin pages' pickers. */
import { Hono } from 'hono'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { adminStreet } from './common.ts'

const Q = { places: sql(import.meta.url, 'places.sql') }

type Place = { kind: 'community' | 'grid'; code: string; name: string; community_code: string | null }

export const placesRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const rows = await c.var.deps.db.query<Place>(Q.places, [adminStreet(c)])
  const communities = rows.filter((r) => r.kind === 'community').map((r) => ({ code: r.code, name: r.name }))
  const grids = rows.filter((r) => r.kind === 'grid').map((r) => ({ code: r.code, name: r.name, community_code: r.community_code! }))
  return c.json({ communities, grids }, 200)
})
