/**
 * Middleware on /analysis/*: the expensive endpoints. Caps the requests in progress per caller
 * (user or token; client address when anonymous) and in total (429 with Retry-After), and runs the
 * request's database work in the expensive lane with a time budget (db/adapter.ts `expensive`).
 */
import type { MiddlewareHandler } from 'hono'
import { clientAddress } from '../auth/audit.ts'
import type { Config } from '../config.ts'
import type { AppEnv } from '../env.ts'
import { errorBody } from '../errors.ts'
import { InFlight } from './in-flight.ts'

type Limits = Pick<Config, 'analysisPerCaller' | 'analysisTotal' | 'analysisTimeoutMs'>

/** One limiter per app: the counts live as long as the process serves. */
export function analysisLoad(limits: Limits): MiddlewareHandler<AppEnv> {
  const inFlight = new InFlight(limits.analysisPerCaller, limits.analysisTotal)
  return async (c, next) => {
    const u = c.var.user
    const key = u ? `user:${u.street_id}:${u.username}` : `addr:${clientAddress(c) || 'unknown'}`
    const slot = inFlight.enter(key)
    if ('full' in slot) {
      const message =
        slot.full === 'caller'
          ? `分析请求过多：每个用户同时最多 ${limits.analysisPerCaller} 个，请稍后重试 (at most ${limits.analysisPerCaller} analysis requests per caller at once)`
          : `服务器正忙：分析请求同时最多 ${limits.analysisTotal} 个，请稍后重试 (at most ${limits.analysisTotal} analysis requests at once)`
      return c.json(errorBody('too_many_requests', message), 429, { 'Retry-After': String(inFlight.retryAfterSeconds()) })
    }
    const deps = c.var.deps
    c.set('deps', { ...deps, db: deps.db.expensive(limits.analysisTimeoutMs) })
    try {
      await next()
    } finally {
      slot.release()
    }
  }
}
