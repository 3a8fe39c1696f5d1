/**
 * GET /exports/{layer}.gpkg and /exports/{layer}.shp.zip: a layer "as a file" for the district's GIS
 * office, the 数字城管 platform and auditors, in EPSG:4326, 4490 or 4547. The features are the ones
 * /ogc serves (same SQL, scope and privacy); GDAL writes the file.
 */
import { type Context, Hono } from 'hono'
import JSZip from 'jszip'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { requireRole, STAFF } from '../auth/guard.ts'
import type { User } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, notFound, tooMany } from '../errors.ts'
import { filterShape, issueFilter, resolveStreet } from '../filters.ts'
import { collectionById, type Collection } from '../ogc/collections.ts'
import { bboxWkt, crsOf, SUPPORTED } from '../ogc/crs.ts'
import { type ItemsQuery, readPage } from '../ogc/items.ts'
import { valid } from '../validate.ts'
import { shpProperties } from './fields.ts'
import { ogr2ogr } from './gdal.ts'

/** The CRSs a file may be written in (the axis order of a file is always x = east, y = north). */
export const EXPORT_CRS = ['EPSG:4326', 'EPSG:4490', 'EPSG:4547'] as const
/** Exports running at once in this process; more get 429 (each holds a temporary file and a GDAL process). */
export const EXPORTS_AT_ONCE = 2
const PAGE = 10_000

const FILE = /^(boundary|communities|grids|points|bike_zones|issues)\.(gpkg|shp\.zip)$/
const exportQuery = z
  .object({
    ...filterShape,
    crs: z.enum(EXPORT_CRS).default('EPSG:4326'),
    encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
  })
  .strict()
type ExportQuery = z.infer<typeof exportQuery>

let running = 0

/** Writes the collection's features, page by page, as one GeoJSON file in the export CRS (x = east). */
async function writeGeoJson(
  db: Queryable,
  col: Collection,
  street: number,
  q: ExportQuery,
  user: User | undefined,
  now: Date,
  path: string,
  shp: boolean,
) {
  const f = issueFilter(q)
  const crs = SUPPORTED.find((c) => c.srid === Number(q.crs.slice(5)))!
  const out = createWriteStream(path)
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain')
  }
  await write('{"type":"FeatureCollection","features":[')
  const query: ItemsQuery = {
    limit: PAGE,
    crs: { ...crs, flip: false },
    area: f.bbox ? bboxWkt(f.bbox.join(','), crsOf(undefined, 'bbox')) : null,
    areaSrid: 4326,
    after: null,
    issue: { from: f.from, to: f.to, categories: f.categories, statuses: f.statuses, community: f.community, grid: f.grid },
  }
  let first = true
  let count = 0
  for (;;) {
    const { features, next } = await readPage(db, col, street, query, user, now)
    for (const feature of features) {
      const properties = shp ? shpProperties(feature.properties) : feature.properties
      await write(`${first ? '' : ','}${JSON.stringify({ type: 'Feature', geometry: feature.geometry, properties })}`)
      first = false
      count++
    }
    if (next === null) break
    query.after = next
  }
  await write(']}')
  out.end()
  await once(out, 'finish')
  return count
}

async function exportFile(c: Context<AppEnv>, file: string, q: ExportQuery) {
  const m = FILE.exec(file)
  if (!m) throw notFound(`没有这个导出文件: ${file}（图层 boundary, communities, grids, points, bike_zones, issues；格式 .gpkg 或 .shp.zip）`)
  const [, layer, format] = m
  const col = collectionById(layer)!
  if (!col.issues && Object.keys(c.req.query()).some((k) => !['crs', 'encoding', 'street'].includes(k)))
    throw new ApiError(400, 'invalid_parameter', '筛选条件只适用于问题图层 (filters apply to the issues layer only)')
  if (running >= EXPORTS_AT_ONCE) throw tooMany('正在导出的文件较多，请稍后再试 (too many exports at once)')
  running++
  const dir = await mkdtemp(join(tmpdir(), 'cgm-export-'))
  try {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, q.street)
    const shp = format === 'shp.zip'
    const src = join(dir, 'in.geojson')
    await writeGeoJson(db, col, street, q, c.var.user, now(), src, shp)
    const srs = ['-a_srs', q.crs, '-nln', layer]
    if (!shp) {
      const out = join(dir, `${layer}.gpkg`)
      await ogr2ogr(['-f', 'GPKG', out, src, ...srs])
      c.header('Content-Type', 'application/geopackage+sqlite3')
      c.header('Content-Disposition', `attachment; filename="${layer}.gpkg"`)
      return c.body(new Uint8Array(await readFile(out)))
    }
    const shpDir = join(dir, 'shp')
    const encoding = q.encoding === 'gbk' ? 'CP936' : 'UTF-8'
    // Times stay the text the API writes (local time with its offset): a .dbf date holds no time of day.
    await ogr2ogr(['-f', 'ESRI Shapefile', shpDir, src, ...srs, '-oo', 'DATE_AS_STRING=YES', '-lco', `ENCODING=${encoding}`])
    const zip = new JSZip()
    for (const name of await readdir(shpDir)) zip.file(name, await readFile(join(shpDir, name)))
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', `attachment; filename="${layer}.shp.zip"`)
    return c.body(new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })))
  } finally {
    running--
    await rm(dir, { recursive: true, force: true })
  }
}

export const exportsRoutes = new Hono<AppEnv>()
  // Problems are staff data: a signed-in reader (a grid manager gets their grids only); the wall has no use for files.
  .get('/issues.gpkg', requireRole(...STAFF), valid('query', exportQuery), (c) => exportFile(c, 'issues.gpkg', c.req.valid('query')))
  .get('/issues.shp.zip', requireRole(...STAFF), valid('query', exportQuery), (c) => exportFile(c, 'issues.shp.zip', c.req.valid('query')))
  .get('/:file', valid('query', exportQuery), (c) => exportFile(c, c.req.param('file'), c.req.valid('query')))
