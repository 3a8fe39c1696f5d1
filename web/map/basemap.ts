/** Loads the offline basemap (boundary, communities, grids, roads, blocks) from our own API. */
import type { FeatureCollection, MultiPolygon } from 'geojson'
import type { BasemapGeometry, BasemapProps, CommunityProps, GridProps, StreetProps } from '../../api/layers/routes.ts'
import { api, fetchJson } from '../api/client.ts'

export type { CommunityProps, GridProps }

export interface Basemap {
  boundary: FeatureCollection<MultiPolygon, StreetProps>
  communities: FeatureCollection<MultiPolygon, CommunityProps>
  grids: FeatureCollection<MultiPolygon, GridProps>
  basemap: FeatureCollection<BasemapGeometry, BasemapProps>
}

let cache: Promise<Basemap> | null = null

/** Fetches the basemap once per page; a failed load is retried on the next call. */
export function loadBasemap(): Promise<Basemap> {
  cache ??= Promise.all([
    fetchJson(api.layers.boundary.$get({ query: {} })),
    fetchJson(api.layers.communities.$get({ query: {} })),
    fetchJson(api.layers.grids.$get({ query: {} })),
    fetchJson(api.layers.basemap.$get({ query: {} })),
  ]).then(([boundary, communities, grids, basemap]) => ({ boundary, communities, grids, basemap }))
  cache.catch(() => (cache = null))
  return cache
}
