/** One tile of a street's own layers: from the cache while the street's layers are unchanged, else cut anew. */
import type { Queryable } from '../../db/adapter.ts'
import { resolveStreet } from '../filters.ts'
import { namedSql, sql } from '../../db/sql.ts'
import type { CachedTile, TileCache } from './cache.ts'
import { encodeTile, TILE_BUFFER, TILE_EXTENT, type TileFeature } from './mvt.ts'

const Q = {
  tile: namedSql(import.meta.url, 'street-tile.sql'),
  version: sql(import.meta.url, 'layer-version.sql'),
}

/** The MVT layers of a street tile, in the order they are drawn (bottom first). */
export const STREET_TILE_LAYERS = ['basemap', 'boundary', 'communities', 'grids', 'bike_zones', 'points'] as const

const order = new Map<string, number>(STREET_TILE_LAYERS.map((l, k) => [l, k]))

/** The features of tile z/x/y of street `street` in tile coordinates, cut in PostGIS. */
export async function cutStreetTile(db: Queryable, street: number, t: { z: number; x: number; y: number }): Promise<TileFeature[]> {
  const rows = await db.query<TileFeature>(Q.tile.text, Q.tile.params({ street, ...t, extent: TILE_EXTENT, buffer: TILE_BUFFER }))
  return rows.sort((a, b) => order.get(a.layer)! - order.get(b.layer)!)
}

/** How long a street's layer version is taken as read: an edit reaches the tiles within this. */
export const VERSION_TTL_MS = 1000

/** The street's id and layer version, read at most once per VERSION_TTL_MS (resolveStreet's errors otherwise). */
async function streetVersion(db: Queryable, cache: TileCache, code: string | undefined): Promise<{ id: number; version: number }> {
  const key = code ?? ''
  const known = cache.versions.get(key)
  if (known && performance.now() - known.at < VERSION_TTL_MS) return known
  const rows = await db.query<{ id: number; version: number }>(Q.version, [code ?? null])
  if (rows.length !== 1) await resolveStreet(db, code) // throws its 404 or 400
  const fresh = { ...rows[0], at: performance.now() }
  cache.versions.set(key, fresh)
  return fresh
}

/** Tile z/x/y of the street coded `code` (its bytes are empty when no feature falls in it). */
export async function makeStreetTile(
  db: Queryable,
  cache: TileCache,
  code: string | undefined,
  t: { z: number; x: number; y: number },
): Promise<CachedTile> {
  const { id: street, version } = await streetVersion(db, cache, code)
  const key = `${street}/${version}/${t.z}/${t.x}/${t.y}`
  const hit = cache.get(key)
  if (hit) return hit
  const features = await cutStreetTile(db, street, t)
  return cache.set(key, features.length ? encodeTile(features) : new Uint8Array(0))
}
