/** Tiles already made, kept in memory per database and dropped least recently used past a byte budget. */
import type { Queryable } from '../../db/adapter.ts'
import { etagOf } from '../cache/store.ts'

/** A made tile: its bytes (empty for a tile with no feature) and their ETag. */
export interface CachedTile {
  bytes: Uint8Array<ArrayBuffer>
  etag: string
}

/** Bytes of tiles kept per database (a street's z14–18 tiles of our layers take about 1 MB). */
export const TILE_CACHE_BYTES = 32 * 1024 * 1024

/** An LRU of tiles by key; a Map iterates in insertion order, so the first key is the least recent. */
export class TileCache {
  private readonly tiles = new Map<string, CachedTile>()
  private bytes = 0
  /** Each street's id and layer version as last read, by the street code asked for ('' for none). */
  readonly versions = new Map<string, { id: number; version: number; at: number }>()

  constructor(private readonly budget = TILE_CACHE_BYTES) {}

  get(key: string): CachedTile | undefined {
    const hit = this.tiles.get(key)
    if (hit) {
      this.tiles.delete(key)
      this.tiles.set(key, hit)
    }
    return hit
  }

  set(key: string, bytes: Uint8Array<ArrayBuffer>): CachedTile {
    const tile = { bytes, etag: etagOf(bytes) }
    const old = this.tiles.get(key)
    if (old) this.bytes -= old.bytes.length + key.length
    this.tiles.delete(key)
    this.tiles.set(key, tile)
    this.bytes += bytes.length + key.length
    for (const [k, t] of this.tiles) {
      if (this.bytes <= this.budget) break
      this.tiles.delete(k)
      this.bytes -= t.bytes.length + k.length
    }
    return tile
  }
}

const caches = new WeakMap<Queryable, TileCache>()

/** The cache of one database's tiles (apps built over the same database share it). */
export function tileCacheOf(db: Queryable): TileCache {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new TileCache()))
  return cache
}
