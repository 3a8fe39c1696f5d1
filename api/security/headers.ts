/**
 * Security headers on every response. The Content-Security-Policy names no outside host except the
 * intranet tile services an admin registered as basemaps (their origins, for images and fetches):
 * the app runs on an intranet, so anything else loaded from elsewhere is a fault. MapLibre and
 * deck.gl start workers from blob: URLs and draw images from blob:/data:; Vue and MapLibre set
 * inline styles.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Queryable } from '../../db/adapter.ts'
import { serviceOrigins } from '../basemaps/origins.ts'
import type { AppEnv } from '../env.ts'
import { isWhole } from './head.ts'

/** The headers with `tileOrigins` (registered tile services) allowed for img-src and connect-src. */
export function headersAllowing(tileOrigins: string[]): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigins],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...tileOrigins],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    // Plain HTTP on an intranet is common; HSTS would lock such a deployment out.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
}

/** The headers `headersAllowing(tileOrigins)` puts on an answer, as one plain object (names in lower case). */
async function headOf(tileOrigins: string[]): Promise<Record<string, string>> {
  const res = await new Hono()
    .use(headersAllowing(tileOrigins))
    .get('/', (c) => c.body(null, 204))
    .request('/')
  return Object.fromEntries(res.headers)
}

/**
 * The headers with the origins registered in `db` at the time of the request (cached a few
 * seconds). They are the same for every answer until the origins change, so they are worked out
 * once per set of origins, offered to a hot path that builds its whole response (head.ts, variable
 * `securityHead`) and set on every other answer on the way out.
 */
export function securityHeaders(db: Queryable): MiddlewareHandler<AppEnv> {
  let last: { key: string; head: Promise<Record<string, string>> } | null = null
  return async (c, next) => {
    const origins = await serviceOrigins(db)
    const key = origins.join(' ')
    if (last?.key !== key) {
      const mine = { key, head: headOf(origins) }
      // A failure is not kept: the next request works them out again.
      mine.head.catch(() => last === mine && (last = null))
      last = mine
    }
    const head = await last.head
    c.set('securityHead', head)
    await next()
    if (isWhole(c.res)) return
    const headers = c.res.headers
    for (const name in head) headers.set(name, head[name])
    headers.delete('X-Powered-By')
  }
}
