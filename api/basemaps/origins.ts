/**
 * The origins of every registered intranet tile service, for the Content-Security-Policy. Read from
 * the database at most every few seconds per process and at once after a registration or removal here.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { originOf } from './service.ts'

const Q = sql(import.meta.url, 'service-origins.sql')
/** How long another process's registration may take to reach this process's CSP. */
export const ORIGINS_TTL_MS = 5_000

const cached = new WeakMap<object, { at: number; origins: Promise<string[]> }>()

/** The registered services' origins, sorted; none when the database cannot say (the CSP then stays closed). */
export function serviceOrigins(db: Queryable, now = Date.now()): Promise<string[]> {
  const hit = cached.get(db)
  if (hit && now - hit.at < ORIGINS_TTL_MS) return hit.origins
  const origins = db
    .query<{ url: string }>(Q, [])
    .then((rows) => [...new Set(rows.map((r) => originOf(r.url)).filter((o): o is string => o !== null))].sort())
    .catch(() => {
      cached.delete(db)
      return []
    })
  cached.set(db, { at: now, origins })
  return origins
}

/** Drops the cached origins (after a registration or removal in this process). */
export function forgetServiceOrigins(db: Queryable): void {
  cached.delete(db)
}
