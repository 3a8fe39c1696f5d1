/**
 * Answers only for the host names the deployment is reached by (ALLOWED_HOSTS; by default the
 * machine's own names and addresses). A page elsewhere can point a name it controls at this
 * server's address (DNS rebinding) and then read it as same-origin; such requests carry the foreign
 * name in Host and get 421 here, before any handler runs.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Deps } from '../env.ts'
import { errorBody } from '../errors.ts'

/** The name in a Host header or URL authority: lower case, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase()
  const v6 = a.match(/^\[([^\]]+)\](?::\d*)?$/)
  if (v6) return v6[1]
  // A bare IPv6 address has several colons and no port; anything else may end in :port.
  return a.split(':').length > 2 ? a : a.replace(/:\d*$/, '')
}

/** Refuses requests whose Host (and URL, for absolute-form targets) names a host not allowed. */
export function allowedHosts(deps: Deps): MiddlewareHandler<AppEnv> {
  const allowed = new Set(deps.config.allowedHosts)
  // The few authorities a deployment is reached by, decided once each (bounded: anyone can send any Host).
  const decided = new Map<string, boolean>()
  const ok = (h: string | undefined) => {
    if (h === undefined) return true
    let yes = decided.get(h)
    if (yes === undefined) {
      yes = allowed.has('*') || allowed.has(hostName(h))
      if (decided.size < 64) decided.set(h, yes)
    }
    return yes
  }
  return async (c, next) => {
    const host = c.req.header('host')
    // The URL's authority is the Host header's unless the request line was in absolute form.
    if (!ok(host) || !ok(host !== undefined && c.req.url.startsWith(`http://${host}/`) ? host : new URL(c.req.url).host)) {
      return c.json(errorBody('host_not_allowed', '此服务不接受这个主机名 (host name not allowed; see ALLOWED_HOSTS)'), 421)
    }
    await next()
  }
}
