/** Builds the whole HTTP app from its dependencies; server.ts is what opens and listens. */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { auditRoutes } from './audit/routes.ts'
import { confineHotline, forbidGridManagers, requireLoginUnlessPublic } from './auth/gate.ts'
import { identify } from './auth/identify.ts'
import { authRoutes } from './auth/routes.ts'
import type { AppEnv, Deps } from './env.ts'
import { adminRoutes } from './admin/routes.ts'
import { analysisRoutes } from './analysis/routes.ts'
import { errorBody, onError } from './errors.ts'
import { exportsRoutes } from './exports/routes.ts'
import { CACHED_ROUTES, readCache } from './cache/middleware.ts'
import { replicaReads } from './cache/replica.ts'
import { callbacksRoutes } from './callbacks/routes.ts'
import { campaignsRoutes } from './campaigns/routes.ts'
import { checklistsAdminRoutes, checklistsRoutes } from './checklists/routes.ts'
import { inspectionsRoutes } from './inspections/routes.ts'
import { roundsRoutes } from './rounds/routes.ts'
import { assessmentSettingsRoutes, assessmentsRoutes } from './assessments/routes.ts'
import { bulletinsRoutes } from './bulletins/routes.ts'
import { contactsRoutes } from './contacts/routes.ts'
import { securityHeaders } from './security/headers.ts'
import { requestId } from './security/request-id.ts'
import { allowedHosts } from './security/hosts.ts'
import { healthRoutes } from './health/routes.ts'
import { hotlineRoutes } from './hotline/routes.ts'
import { importsRoutes } from './imports/routes.ts'
import { MAX_UPLOAD_BYTES } from './imports/limits.ts'
import { issuesRoutes } from './issues/routes.ts'
import { MAX_STREET_UPLOAD_BYTES } from './onboarding/limits.ts'
import { onboardingRoutes } from './onboarding/routes.ts'
import { layersRoutes } from './layers/routes.ts'
import { ledgersRoutes } from './ledgers/routes.ts'
import { analysisLoad } from './load/analysis.ts'
import { indicatorsRoutes } from './indicators/routes.ts'
import { noticesRoutes } from './notices/routes.ts'
import { ogcRoutes } from './ogc/routes.ts'
import { open311Error } from './open311/format.ts'
import { open311Routes } from './open311/routes.ts'
import { evidenceRoutes } from './evidence/routes.ts'
import { photosRoutes } from './photos/routes.ts'
import { MAX_REPORT_BODY } from './public/limits.ts'
import { publicMapRoutes } from './public/map.ts'
import { moderationRoutes, publicRoutes } from './public/routes.ts'
import { statsRoutes } from './stats/routes.ts'
import { tilesRoutes } from './tiles/routes.ts'
import { basemapsAdminRoutes, basemapsRoutes, basemapTileRoutes } from './basemaps/routes.ts'
import { MAX_BASEMAP_BYTES } from './basemaps/limits.ts'
import { streetScope } from './streets/middleware.ts'
import { arrive } from '../db/arrival.ts'
import { streetsRoutes } from './streets/routes.ts'
import { districtRoutes } from './district/routes.ts'
import { streamRoutes } from './stream/routes.ts'

/** Largest JSON body accepted by the API (photos have their own limit). */
export const MAX_BODY_BYTES = 1024 * 1024

/** The /api/v1 routes; their type drives the typed client in web/. */
export function apiRoutes() {
  return (
    new Hono<AppEnv>()
      .route('/health', healthRoutes)
      .route('/auth', authRoutes())
      .route('/audit', auditRoutes)
      .route('/layers', layersRoutes)
      .route('/issues', issuesRoutes)
      .route('/stats', statsRoutes)
      .route('/stream', streamRoutes())
      .route('/photos', photosRoutes)
      .route('/evidence', evidenceRoutes)
      .route('/issues', noticesRoutes)
      .route('/indicators', indicatorsRoutes)
      .route('/analysis', analysisRoutes)
      .route('/admin', adminRoutes)
      .route('/exports', exportsRoutes)
      .route('/campaigns', campaignsRoutes)
      .route('/ledgers', ledgersRoutes)
      .route('/contacts', contactsRoutes)
      // 督查测评 (issue 12): checklists, inspections, rounds, the weekly assessment and its 通报
      .route('/checklists', checklistsRoutes)
      .route('/admin/checklists', checklistsAdminRoutes)
      .route('/inspections', inspectionsRoutes)
      .route('/rounds', roundsRoutes)
      .route('/assessments', assessmentsRoutes)
      .route('/admin/assessment-settings', assessmentSettingsRoutes)
      .route('/bulletins', bulletinsRoutes)
      // Data in and out (issue 13): imports, 12345 hotline orders, 回访
      .route('/imports', importsRoutes)
      .route('/hotline', hotlineRoutes)
      .route('/issues', callbacksRoutes)
      // Onboarding a street from its GIS office's files (issue 14)
      .route('/admin/streets', onboardingRoutes)
      // Basemaps and tiles (issue 19): vector tiles of the street's own layers
      .route('/tiles', tilesRoutes)
      .route('/tiles', basemapTileRoutes)
      .route('/basemaps', basemapsRoutes)
      .route('/admin/basemaps', basemapsAdminRoutes)
      // A district of streets (issue 14): the street list and switcher, the district ranking
      .route('/streets', streetsRoutes)
      .route('/district', districtRoutes)
      // 市民随手拍 (issue 20): residents' reports without an account, and their moderation
      .route('/public/map', publicMapRoutes)
      .route('/public', publicRoutes)
      .route('/moderation', moderationRoutes)
  )
}

export type AppType = ReturnType<typeof apiRoutes>

/** The app: API under /api/v1 and, when webRoot is given, the built web app beside it. */
export function buildApp(deps: Deps, opts: { webRoot?: string } = {}) {
  const app = new Hono<AppEnv>()
  app.onError(onError)
  // The embedded engine's queue serves older requests' statements first (db/arrival.ts).
  app.use('*', (_, next) => arrive(next))
  // Names each request in the log and in X-Request-Id, so a failure a user reports can be found.
  app.use('*', requestId)
  app.use('*', securityHeaders(deps.db))
  app.use('*', allowedHosts(deps))
  // /ogc (OGC API – Features for GIS software) is read-only and held to the same sign-in and public-read rules.
  // /open311/v2 (GeoReport v2 for neighbouring systems) follows the same rules; its POST carries an api_key.
  for (const prefix of ['/api/*', '/ogc', '/ogc/*', '/open311/*']) {
    app.use(prefix, async (c, next) => {
      c.set('deps', deps)
      await next()
    })
    const tooLarge = (c: Context) => c.json(errorBody('payload_too_large', '请求体过大 (body too large)'), 413)
    const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge })
    // Ledger imports (.xlsx / .csv uploads) have their own, larger limit.
    const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge })
    // A street's GIS files (boundary, communities, grids, points) come in one larger upload.
    const streetLimit = bodyLimit({ maxSize: MAX_STREET_UPLOAD_BYTES, onError: tooLarge })
    // Basemap archives (issue 19) have theirs.
    const basemapLimit = bodyLimit({ maxSize: MAX_BASEMAP_BYTES, onError: tooLarge })
    // A resident's report carries up to three downscaled photos.
    const reportLimit = bodyLimit({ maxSize: MAX_REPORT_BODY, onError: tooLarge })
    const limitOf = (path: string) =>
      path === '/api/v1/admin/streets/import'
        ? streetLimit
        : path === '/api/v1/admin/basemaps'
          ? basemapLimit
          : path === '/api/v1/public/reports'
            ? reportLimit
            : path.startsWith('/api/v1/imports/')
              ? uploadLimit
              : jsonLimit
    // A GET or HEAD carries no body to limit; asking for one would build a whole fetch Request per read.
    app.use(prefix, (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitOf(c.req.path)(c, next)))
    app.use(prefix, identify)
    app.use(prefix, confineHotline)
    app.use(prefix, requireLoginUnlessPublic)
    // A district of streets (issue 14): which street each request may see.
    app.use(prefix, streetScope)
  }
  // Planning tools for leaders: a grid manager's numbers are their own grids only (/stats, /indicators).
  app.use('/api/v1/analysis/*', forbidGridManagers)
  // Aggregates from the read cache (api/cache), before the analysis limits: a cached answer costs no query.
  for (const [path, policy] of CACHED_ROUTES) app.use(path, readCache(policy))
  // DATABASE_REPLICA_URL: what the cache did not answer is read from the replica when it has replayed every write it must show.
  if (deps.reads) for (const [path] of CACHED_ROUTES) app.use(path, replicaReads(deps.reads))
  // Expensive: capped per caller and in total, run behind cheap reads with a time budget.
  // A campaign's page, its workbook and the wall's progress list run the area analysis many times over.
  const expensive = analysisLoad(deps.config)
  app.use('/api/v1/analysis/*', expensive)
  // (app.use, not app.on('GET'): on registers routes, which the permission matrix would count)
  const readsOnly: MiddlewareHandler<AppEnv> = (c, next) => (c.req.method === 'GET' ? expensive(c, next) : next())
  app.use('/api/v1/campaigns', readsOnly)
  app.use('/api/v1/campaigns/*', readsOnly)
  app.route('/api/v1', apiRoutes())
  app.all('/api/*', (c) => c.json(errorBody('not_found', `没有这个接口: ${c.req.method} ${c.req.path}`), 404))
  app.route('/ogc', ogcRoutes)
  app.all('/ogc/*', (c) => c.json({ code: 'NotFound', description: `没有这个资源: ${c.req.method} ${c.req.path}` }, 404))
  app.route('/open311/v2', open311Routes)
  app.all('/open311/*', (c) => {
    const e = open311Error(c.req.path, 404, `没有这个资源: ${c.req.method} ${c.req.path}`)
    return c.body(e.body, 404, { 'content-type': e.type })
  })
  if (opts.webRoot) {
    app.use('/*', serveStatic({ root: opts.webRoot }))
    // Client-side routes (/screen, /plan, /patch …) all load the single-page app.
    app.get('/*', serveStatic({ root: opts.webRoot, path: 'index.html' }))
  }
  app.notFound((c) => c.json(errorBody('not_found', 'not found'), 404))
  return app
}
