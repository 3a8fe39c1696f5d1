/** Loads the offline basemap (boundary, communities, grids, roads, blocks) from our own API. */
import type { FeatureCollection, Geometry } from 'geojson'
import { api, fetchJson } from '../api/client.ts'

export type GridProps = { code: string; name: string; community_code: string; area_m2: number; manager_name: string | null }
export type CommunityProps = { code: string; name: string }

export interface Basemap {
  boundary: FeatureCollection
  communities: FeatureCollection<Geometry, CommunityProps>
  grids: FeatureCollection<Geometry, GridProps>
  basemap: FeatureCollection
}

let cache: Promise<Basemap> | null = null

/** Fetches the basemap once per page; a failed load is retried on the next call. */
export function loadBasemap(): Promise<Basemap> {
  cache ??= Promise.all([
    fetchJson(api.layers.boundary.$get({ query: {} })),
    fetchJson(api.layers.communities.$get({ query: {} })),
    fetchJson(api.layers.grids.$get({ query: {} })),
    fetchJson(api.layers.basemap.$get({ query: {} })),
  ]).then(([boundary, communities, grids, basemap]) => ({
    boundary: boundary as unknown as FeatureCollection,
    communities: communities as unknown as FeatureCollection<Geometry, CommunityProps>,
    grids: grids as unknown as FeatureCollection<Geometry, GridProps>,
    basemap: basemap as unknown as FeatureCollection,
  }))
  cache.catch(() => (cache = null))
  return cache
}
