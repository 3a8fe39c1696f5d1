/** Middleware: the request's street scope (streets/scope.ts) for everything after it; refusals audited. */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { audit } from '../auth/audit.ts'
import type { AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { STREET_COOKIE, withStreetScope } from './scope.ts'

export const streetScope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const raw = getCookie(c, STREET_COOKIE)
  const cookie = raw && /^\d{9}$/.test(raw) ? raw : undefined
  const scope = { user: c.get('user'), method: c.req.method, path: c.req.path, cookie }
  // The read cache keys an anonymous answer on it (api/cache/middleware.ts).
  if (cookie) c.set('streetCookie', cookie)
  await withStreetScope(scope, () => next())
  // Hono turns a thrown error into the response where it was thrown; it stays on the context.
  if (c.error instanceof ApiError && c.error.code === 'other_street') {
    await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: c.get('user')?.role, code: 'other_street' })
  }
}
