/** Basemaps (issue 19): the list, an admin's upload of an MBTiles archive, and the archive's tiles. */
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, badRequest, conflict, notFound } from '../errors.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { MAX_BASEMAP_BYTES } from './limits.ts'
import { join } from 'node:path'
import { describeMbtiles, openMbtiles, readTile } from './mbtiles.ts'
import { describePmtiles, isPmtiles, readPmtile } from './pmtiles.ts'
import { forgetServiceOrigins } from './origins.ts'
import { basemapName, checkService, serviceFields } from './service.ts'
import { archive, basemapRow, listBasemaps, removeBasemap, storeArchive, storeService, toBasemap } from './store.ts'

const streetOnly = z.object({ street: filterShape.street }).strict()
const uploadFields = z
  .object({
    name: basemapName,
    crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
    attribution: z.string().max(500).default(''),
  })
  .strict()
const tileAddress = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
    z: z.string().regex(/^\d{1,2}$/),
    x: z.string().regex(/^\d{1,8}$/),
    y: z.string().regex(/^\d{1,8}$/),
  })
  .strict()

const MIME = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', pbf: 'application/vnd.mapbox-vector-tile' } as const

export const basemapsRoutes = new Hono<AppEnv>().get('/', valid('query', streetOnly), async (c) => {
  const db = c.var.deps.db
  return c.json(await listBasemaps(db, await resolveStreet(db, c.req.valid('query').street)), 200)
})

const nameParam = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/) }).strict()

export const basemapsAdminRoutes = new Hono<AppEnv>()
  .use('*', requireRole('admin'))
  .delete('/:name', valid('param', nameParam), async (c) => {
    const { db, config } = c.var.deps
    const name = c.req.valid('param').name
    if (!(await removeBasemap(db, config.dataDir, c.var.user!.street_id, name))) throw notFound(`没有名为 ${name} 的底图 (unknown basemap)`)
    forgetServiceOrigins(db)
    return c.body(null, 204)
  })
  .post('/', async (c) => {
    const type = c.req.header('content-type') ?? ''
    if (type.startsWith('application/json')) return registerService(c)
    if (!type.startsWith('multipart/form-data'))
      throw badRequest(
        'invalid_parameter',
        'file: 请以 multipart/form-data 上传瓦片包，或以 JSON 登记服务地址 (multipart "file", or JSON { name, url })',
      )
    const form = await c.req.raw.formData()
    const file = form.get('file')
    if (!(file instanceof Blob)) throw badRequest('invalid_parameter', 'file: 缺少文件 (missing file field)')
    if (file.size > MAX_BASEMAP_BYTES)
      throw new ApiError(413, 'payload_too_large', `瓦片包不能超过 ${MAX_BASEMAP_BYTES / 1024 / 1024} MB (file too large)`)
    const parsed = uploadFields.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => k !== 'file')))
    if (!parsed.success) throw badRequest('invalid_parameter', `${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`)
    const bytes = new Uint8Array(await file.arrayBuffer())
    const format = isPmtiles(bytes) ? ('pmtiles' as const) : ('mbtiles' as const)
    const info = format === 'pmtiles' ? await describePmtiles(bytes) : await describeUpload(bytes)
    const { db, config, now } = c.var.deps
    const user = c.var.user!
    const row = {
      street: user.street_id,
      name: parsed.data.name,
      kind: info.kind,
      format,
      tile_type: info.tileType,
      crs: parsed.data.crs,
      minzoom: info.minzoom,
      maxzoom: info.maxzoom,
      bounds: info.bounds,
      attribution: parsed.data.attribution || info.attribution,
      vector_layers: info.vectorLayers,
      created_by: user.username,
      created_at: now(),
    }
    if (!(await storeArchive(db, config.dataDir, row, bytes))) throw conflict('basemap_exists', `底图 ${row.name} 已存在 (basemap name taken)`)
    const { street: _s, created_by: _b, created_at: _a, ...basemap } = row
    return c.json({ ...basemap, tiles: `/api/v1/tiles/${row.name}/{z}/{x}/{y}` }, 201)
  })

/** An uploaded MBTiles archive's description (opened in sql.js and closed again). */
async function describeUpload(bytes: Uint8Array) {
  const archiveDb = await openMbtiles(bytes)
  try {
    return describeMbtiles(archiveDb)
  } finally {
    archiveDb.close()
  }
}

/** POST /admin/basemaps with JSON: an intranet XYZ/WMTS service, drawn from its own host (allowed by the CSP). */
async function registerService(c: Context<AppEnv>) {
  const parsed = serviceFields.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) throw badRequest('invalid_parameter', `${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`)
  const f = parsed.data
  const checked = checkService(f.url, f.key)
  if ('error' in checked) throw badRequest('invalid_parameter', checked.error)
  const { db, now } = c.var.deps
  const user = c.var.user!
  const row = {
    street: user.street_id,
    name: f.name,
    kind: f.kind,
    format: checked.format,
    tile_type: f.kind === 'vector' ? ('pbf' as const) : ('png' as const),
    crs: f.crs,
    minzoom: f.minzoom,
    maxzoom: f.maxzoom,
    bounds: null,
    attribution: f.attribution,
    vector_layers: [],
    url: checked.url,
    created_by: user.username,
    created_at: now(),
  }
  if (!(await storeService(db, row))) throw conflict('basemap_exists', `底图 ${row.name} 已存在 (basemap name taken)`)
  forgetServiceOrigins(db)
  const { street: _s, created_by: _b, created_at: _a, ...rest } = row
  return c.json(toBasemap({ ...rest, file: null }), 201)
}

/** GET /tiles/{name}/{z}/{x}/{y}: a tile of an uploaded archive (mounted after /tiles/street). */
export const basemapTileRoutes = new Hono<AppEnv>().get('/:name/:z/:x/:y', valid('param', tileAddress), valid('query', streetOnly), async (c) => {
  const p = c.req.valid('param')
  const [z, x, y] = [Number(p.z), Number(p.x), Number(p.y)]
  if (z > 24 || x >= 2 ** z || y >= 2 ** z) throw badRequest('tile_out_of_range', 'z ≤ 24, x 与 y 须小于 2^z (tile out of range)')
  const { db, config } = c.var.deps
  const row = await basemapRow(db, await resolveStreet(db, c.req.valid('query').street), p.name)
  if (!row?.file) throw notFound(`没有名为 ${p.name} 的底图 (unknown basemap)`)
  const headers = { 'Cache-Control': 'private, max-age=3600' }
  let tile: Uint8Array | null
  let gz: boolean
  if (row.format === 'pmtiles') {
    tile = await readPmtile(join(config.dataDir, row.file), z, x, y)
    if (!tile) return c.body(null, 204, headers)
    gz = false
  } else {
    tile = readTile(await archive(config.dataDir, row.file), z, x, y)
    if (!tile) return c.body(null, 204, headers)
    gz = tile[0] === 0x1f && tile[1] === 0x8b
  }
  return c.body(new Uint8Array(tile), 200, { ...headers, 'Content-Type': MIME[row.tile_type], ...(gz ? { 'Content-Encoding': 'gzip' } : {}) })
})
