/** GET /health: liveness plus which engine and PostGIS version serve this deployment. */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { db, reads } = c.var.deps
  const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
  // DATABASE_REPLICA_URL: the replica's state; a replica away never makes the service unhealthy (reads go to the primary).
  return c.json({ ok: true as const, db: { engine: db.engine, postgis: row.v, ...(reads ? { replica: reads.status() } : {}) } }, 200)
})
