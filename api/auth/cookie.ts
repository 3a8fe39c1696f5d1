/**
 * The session cookie. Over HTTPS (COOKIE_SECURE=auto and the request came over TLS or a trusted
 * proxy's X-Forwarded-Proto says https, or COOKIE_SECURE=true) it is `Secure` and named with the
 * `__Host-` prefix, which browsers accept only from a secure origin, for path /, without Domain: no
 * plain-HTTP page or sibling host can set or overwrite it. Plain-HTTP intranets keep the plain name.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../env.ts'
import { viaHttps } from '../security/client.ts'

export const SESSION_COOKIE = 'cgm_session'

/** Whether this request's session cookie is the Secure, __Host- one. */
function secure(c: Context<AppEnv>): boolean {
  const mode = c.var.deps.config.cookieSecure
  return mode === 'true' || (mode === 'auto' && viaHttps(c))
}

/** The session secret the request carries, under the name this request's security calls for. */
export function readSession(c: Context<AppEnv>): string | undefined {
  return secure(c) ? getCookie(c, SESSION_COOKIE, 'host') : getCookie(c, SESSION_COOKIE)
}

/** Sets the session cookie: httpOnly, SameSite=Strict, path /, Secure + __Host- over HTTPS. */
export function writeSession(c: Context<AppEnv>, secret: string, maxAge: number): void {
  const opts = { httpOnly: true, sameSite: 'Strict', path: '/', maxAge } as const
  if (secure(c)) setCookie(c, SESSION_COOKIE, secret, { ...opts, prefix: 'host' })
  else setCookie(c, SESSION_COOKIE, secret, opts)
}

/** Clears the session cookie the browser holds for this request's security. */
export function clearSession(c: Context<AppEnv>): void {
  if (secure(c)) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' })
  else deleteCookie(c, SESSION_COOKIE, { path: '/' })
}
