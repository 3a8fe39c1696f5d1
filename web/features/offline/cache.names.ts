/** Names of the service worker's run-time caches, shared by the build (scripts/vite-pwa.ts) and the page (cache.ts). */
export const API_CACHE = 'cgm-api'
export const TILE_CACHE = 'cgm-tiles'
