/**
 * The page's side of the offline caches: registers the service worker (from the phone app only, so a
 * wall display never gets one), empties the API cache when the user changes, and warms the caches
 * while online — the open issues' details and the map tiles of the user's area, zooms 14–18.
 */
import { API_CACHE } from './cache.names.ts'
import { tilesOver, type Bbox } from './tiles.ts'

/** Registers /sw.js once; nothing happens where service workers are unavailable (plain HTTP off localhost). */
export function registerOffline(): void {
  if (!('serviceWorker' in navigator)) return
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
}

/** Forgets every cached API answer (another user's grids and issues must not be shown after logout). */
export async function forgetCachedReads(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(API_CACHE).catch(() => false)
}

/** GETs each URL once (the service worker keeps the answers), a few at a time; failures are ignored. */
async function warm(urls: string[], parallel = 4): Promise<number> {
  let i = 0
  let ok = 0
  const worker = async () => {
    while (i < urls.length) {
      const u = urls[i++]
      ok += await fetch(u, { credentials: 'same-origin' }).then(
        (r) => (r.ok ? 1 : 0),
        () => 0,
      )
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  return ok
}

/** Loads the details (with timelines) of the grid's open issues, so their sheets open offline. */
export function warmIssues(ids: number[]): Promise<number> {
  if (!navigator.onLine || !navigator.serviceWorker?.controller) return Promise.resolve(0)
  return warm(ids.slice(0, 80).map((id) => `/api/v1/issues/${id}`))
}

/** Most tiles fetched for one area: a street's worth at z18 stays under it. */
export const TILE_CAP = 1500

/** Loads the street's vector tiles and every uploaded basemap's tiles over `area`, zooms 14–18. */
export async function warmTiles(area: Bbox): Promise<number> {
  if (!navigator.onLine || !navigator.serviceWorker?.controller) return 0
  const sets = ['street']
  const list = await fetch('/api/v1/basemaps').then(
    (r) => (r.ok ? (r.json() as Promise<{ name: string }[]>) : []),
    () => [],
  )
  for (const b of list) sets.push(encodeURIComponent(b.name))
  const urls: string[] = []
  for (const { z, x, y } of tilesOver(area, 14, 18).slice(0, TILE_CAP))
    for (const s of sets) urls.push(s === 'street' ? `/api/v1/tiles/street/${z}/${x}/${y}.mvt` : `/api/v1/tiles/${s}/${z}/${x}/${y}`)
  return warm(urls)
}
