/**
 * Security headers on every response. The Content-Security-Policy names no outside host except the
 * intranet tile services an admin registered as basemaps (their origins, for images and fetches):
 * the app runs on an intranet, so anything else loaded from elsewhere is a fault. MapLibre and
 * deck.gl start workers from blob: URLs and draw images from blob:/data:; Vue and MapLibre set
 * inline styles.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Queryable } from '../../db/adapter.ts'
import { serviceOrigins } from '../basemaps/origins.ts'

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

/** The headers with the origins registered in `db` at the time of the request (cached a few seconds). */
export function securityHeaders(db: Queryable): MiddlewareHandler {
  let last: { key: string; handler: MiddlewareHandler } | null = null
  return async (c, next) => {
    const origins = await serviceOrigins(db)
    const key = origins.join(' ')
    if (last?.key !== key) last = { key, handler: headersAllowing(origins) }
    return last.handler(c, next)
  }
}
