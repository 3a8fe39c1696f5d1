/**
 * Build side of the offline phone app: vite-plugin-pwa (Workbox generateSW) makes /patch an
 * installable PWA. The service worker precaches only the app shell the phone needs (the entry, the
 * phone view and the inspection round with what they import, the map worker, the CSS) — not the wall
 * display's charts — and caches at run time, GET only:
 * - the phone app's own API reads (grids, points, open issues, the signed-in user …) network-first,
 *   only when the page asking is /patch or /rounds, so /screen and /plan keep talking to the server;
 * - /api/v1/tiles/ (the street's vector tiles and uploaded basemaps) network-first, so a prefetched
 *   area opens without a network.
 * POSTs are never routed (Workbox routes GET only) and logout empties the API cache (cache.ts).
 */
import type { Plugin } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { API_CACHE, TILE_CACHE } from '../web/features/offline/cache.names.ts'

/** The chunks a phone needs: the app entry, the lazy views of /patch and /rounds and the login page (a sign-out offline lands there), with what they import. */
const PHONE_VIEWS = /features[\\/](patch[\\/]PatchView|inspections[\\/]RoundView|login[\\/]LoginView)\.vue$/

type Chunk = { type: 'chunk'; fileName: string; isEntry: boolean; facadeModuleId: string | null; imports: string[]; viteMetadata?: Meta }
type Meta = { importedCss: Set<string>; importedAssets: Set<string> }
type Bundle = Record<string, Chunk | { type: 'asset'; fileName: string }>

/** Files reachable from the entry and the phone views by static imports (the phone's app shell). */
export function phoneFiles(bundle: Bundle): Set<string> {
  const keep = new Set<string>()
  const visit = (name: string) => {
    const c = bundle[name]
    if (!c || keep.has(name)) return
    keep.add(name)
    if (c.type !== 'chunk') return
    for (const f of [...(c.viteMetadata?.importedCss ?? []), ...(c.viteMetadata?.importedAssets ?? [])]) keep.add(f)
    c.imports.forEach(visit)
  }
  for (const c of Object.values(bundle)) if (c.type === 'chunk' && (c.isEntry || PHONE_VIEWS.test(c.facadeModuleId ?? ''))) visit(c.fileName)
  return keep
}

/** vite-plugin-pwa plus a small plugin that tells it which built files the phone precaches. */
export function offlinePwa(): Plugin[] {
  let phone: Set<string> | null = null
  const shell: Plugin = {
    name: 'cgm-phone-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      phone = phoneFiles(bundle as unknown as Bundle)
    },
  }
  const onlyPhone = <E extends { url: string }>(entries: E[]) => {
    if (!phone) throw new Error('cgm-phone-shell: the bundle was not seen before the service worker was generated')
    const other = /^(index\.html|manifest\.webmanifest|icons\/.*)$/
    const seen = new Set<string>()
    const keep = entries.filter((e) => (phone!.has(e.url) || other.test(e.url)) && !seen.has(e.url) && seen.add(e.url))
    return { manifest: keep, warnings: [] }
  }
  return [
    shell,
    ...VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      filename: 'sw.js',
      includeAssets: ['icons/*.png'],
      manifest: {
        name: '创城一张图 · 网格巡查',
        short_name: '网格巡查',
        description: '网格员与督查员的手机端：无网络时也能上报、整改与回头看，联网后自动同步',
        lang: 'zh-CN',
        start_url: '/patch',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#2f6fde',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,png,webmanifest}'],
        // maplibre's chunk is larger than Workbox's default 2 MiB limit
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        manifestTransforms: [async (entries) => onlyPhone(entries)],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ogc/, /^\/open311/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        inlineWorkboxRuntime: true,
        runtimeCaching: [
          {
            // (serialised into sw.js: the function may use nothing from this file)
            urlPattern: ({ url, request, sameOrigin }) => {
              if (!sameOrigin || request.method !== 'GET') return false
              const read =
                /^\/api\/v1\/(auth\/me|streets|basemaps|contacts|stats\/summary|layers\/(boundary|communities|grids|basemap|points)|issues(\/\d+)?)$/
              let from: string
              try {
                from = new URL(request.referrer).pathname
              } catch {
                return false
              }
              return read.test(url.pathname) && /^\/(patch|rounds)(\/|$)/.test(from)
            },
            handler: 'NetworkFirst',
            options: {
              cacheName: API_CACHE,
              networkTimeoutSeconds: 6,
              expiration: { maxEntries: 600, maxAgeSeconds: 14 * 86_400 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            urlPattern: ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && url.pathname.startsWith('/api/v1/tiles/'),
            handler: 'NetworkFirst',
            options: {
              cacheName: TILE_CACHE,
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 6000, maxAgeSeconds: 60 * 86_400 },
              cacheableResponse: { statuses: [200, 204] },
            },
          },
        ],
      },
    }),
  ]
}
