/**
 * Security headers on every response. The Content-Security-Policy names no outside host: the app
 * runs on an intranet, so anything loaded from elsewhere is a fault. MapLibre and deck.gl start
 * workers from blob: URLs and draw images from blob:/data:; Vue and MapLibre set inline styles.
 */
import { secureHeaders } from 'hono/secure-headers'

export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
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
