/**
 * DATABASE_REPLICA_URL: the GET requests of the cached aggregate routes that the cache did not
 * answer get a database that reads the replica when it has replayed every write of the data version
 * (db/replica.ts), the primary otherwise. Placed after readCache, which keys on the primary.
 */
import type { MiddlewareHandler } from 'hono'
import type { ReplicaRouter } from '../../db/replica.ts'
import type { AppEnv } from '../env.ts'

export function replicaReads(router: ReplicaRouter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.var.deps
    // Writes and the second of two matching prefixes keep the database they have.
    if (c.req.method === 'GET' && deps.db === router.primary) c.set('deps', { ...deps, db: router.forRead() })
    await next()
  }
}
