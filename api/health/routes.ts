/** GET /health: liveness plus which engine and PostGIS version serve this deployment. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { db } = c.var.deps
  const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
  return c.json({ ok: true as const, db: { engine: db.engine, postgis: row.v } }, 200)
})
