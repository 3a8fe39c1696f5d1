/**
 * Public surface of the map shell for the feature views. Heavy, route-specific helpers (layers.ts,
 * labels.ts, useDrawPolygon.ts) are imported directly so they do not ride along into every route.
 */
export { default as MapShell } from './MapShell.vue'
export { useDeckLayers } from './deck.ts'
export { BASEMAP_KEY, DECK_KEY, MAP_KEY } from './keys.ts'
export type { Basemap, GridProps, CommunityProps } from './basemap.ts'
export type { Theme } from './style.ts'
export { POINT_CLASS_COLORS, pointClassColor, pointClassCss } from './points.ts'
export { breaksFor, colorFor, legendLabels, type Breaks } from './choropleth.ts'
export { default as MapLegend } from './MapLegend.vue'
export type { Fill, Level } from './style.ts'
export { default as DeckLayers } from './DeckLayers.vue'
