/** Public surface of the map shell for the feature views. */
export { default as MapShell } from './MapShell.vue'
export { useDeckLayers } from './deck.ts'
export { BASEMAP_KEY, DECK_KEY, MAP_KEY } from './keys.ts'
export type { Basemap, GridProps, CommunityProps } from './basemap.ts'
export type { Theme } from './style.ts'
