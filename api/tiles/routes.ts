/** GET /tiles/street/{z}/{x}/{y}.mvt: the street's own layers as Mapbox Vector Tiles. */
import { Hono } from 'hono'
import { z } from 'zod'
import { filterShape } from '../filters.ts'
import type { AppEnv } from '../env.ts'
import { badRequest } from '../errors.ts'
import { valid } from '../validate.ts'
import { tileCacheOf } from './cache.ts'
import { makeStreetTile } from './street-tile.ts'

/** The deepest zoom a tile address may have (issue 19: z > 24 is refused). */
export const MAX_TILE_ZOOM = 24

const address = z
  .object({
    z: z.string().regex(/^\d{1,2}$/, 'expected a zoom 0–24'),
    x: z.string().regex(/^\d{1,8}$/, 'expected a tile column'),
    file: z.string().regex(/^\d{1,8}\.mvt$/, 'expected {y}.mvt'),
  })
  .strict()
const query = z.object({ street: filterShape.street }).strict()

/** z, x and y as numbers, or a 400 for an address outside the tile pyramid. */
function tileOf(p: z.infer<typeof address>): { z: number; x: number; y: number } {
  const t = { z: Number(p.z), x: Number(p.x), y: Number(p.file.slice(0, -'.mvt'.length)) }
  if (t.z > MAX_TILE_ZOOM) throw badRequest('tile_out_of_range', `z: 缩放级别须在 0–${MAX_TILE_ZOOM} 之间 (zoom out of range)`)
  const n = 2 ** t.z
  if (t.x >= n || t.y >= n) throw badRequest('tile_out_of_range', `x, y: 须小于 2^z = ${n} (tile out of range)`)
  return t
}

export const tilesRoutes = new Hono<AppEnv>().get('/street/:z/:x/:file', valid('param', address), valid('query', query), async (c) => {
  const t = tileOf(c.req.valid('param'))
  const db = c.var.deps.db
  const tile = await makeStreetTile(db, tileCacheOf(db), c.req.valid('query').street, t)
  // layers change on edits: a browser revalidates (304 while the ETag holds) rather than keep a stale tile
  const headers = { ETag: tile.etag, 'Cache-Control': 'private, no-cache' }
  if (c.req.header('if-none-match') === tile.etag) return c.body(null, 304, headers)
  if (tile.bytes.length === 0) return c.body(null, 204, headers)
  return c.body(tile.bytes, 200, { ...headers, 'Content-Type': 'application/vnd.mapbox-vector-tile' })
})
