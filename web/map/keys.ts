/** Injection keys the map shell provides to the layers and panels drawn inside it. */
import type { InjectionKey, ShallowRef } from 'vue'
import type { Map as MlMap } from 'maplibre-gl'
import type { DeckRegistry } from './deck.ts'
import type { Basemap } from './basemap.ts'

/** The MapLibre map (null until created); a shallowRef so Vue never proxies the map's internals. */
export const MAP_KEY: InjectionKey<ShallowRef<MlMap | null>> = Symbol('map')
/** The registry behind the single deck.gl overlay. */
export const DECK_KEY: InjectionKey<DeckRegistry> = Symbol('deck')
/** The loaded offline basemap collections (raw, not reactive), null until loaded. */
export const BASEMAP_KEY: InjectionKey<ShallowRef<Basemap | null>> = Symbol('basemap')
