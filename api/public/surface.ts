/**
 * The resident surface (PUBLIC_PORT): what a street may put on the internet-facing side while the
 * rest stays on the 政务外网. It answers only the /report pages, the built web app's files
 * and /api/v1/public/*, by handing those requests to the same app the main port serves (same
 * middleware: host check, security headers, body limits, rate limits); every other path is 404
 * here, before any handler of the main app runs.
 */
import { statSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { Hono } from 'hono'
import { errorBody } from '../errors.ts'

type Main = { fetch(req: Request, env?: unknown): Response | Promise<Response> }

/** Whether `path` names a file of the built web app (the manifest, icons, a service worker …), looked up per request. */
function webFile(webRoot: string | undefined): (path: string) => boolean {
  if (!webRoot) return () => false
  const root = resolve(webRoot)
  return (path) => {
    const file = resolve(root, `.${path}`)
    if (!file.startsWith(root + sep)) return false
    try {
      return statSync(file).isFile()
    } catch {
      return false
    }
  }
}

/** Whether the resident surface serves `path` (as the main app will route it: decoded, dot segments resolved). */
export function isPublicPath(path: string, isWebFile: (path: string) => boolean = () => false): boolean {
  return (
    path === '/report' ||
    path.startsWith('/report/') ||
    path.startsWith('/api/v1/public/') ||
    path.startsWith('/assets/') ||
    (!path.startsWith('/api/') && isWebFile(path))
  )
}

/** The app of the public listener: filters paths, then delegates to `main` with the same request and node bindings. */
export function publicSurface(main: Main, opts: { webRoot?: string } = {}) {
  const isWebFile = webFile(opts.webRoot)
  const app = new Hono()
  app.all('*', (c) => {
    if (!isPublicPath(c.req.path, isWebFile)) return c.json(errorBody('not_found', '此入口只提供市民随手拍 (only /report here)'), 404)
    // c.env holds the node-server bindings (the socket), which the client address is read from.
    return main.fetch(c.req.raw, c.env)
  })
  return app
}
