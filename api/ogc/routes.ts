/**
 * /ogc: OGC API – Features, Part 1 (Core, GeoJSON) and Part 2 (CRS by reference), the interface QGIS,
 * ArcGIS Pro and GDAL's OAPIF driver read layers through. The same data, scope and privacy as
 * /api/v1/layers and /api/v1/issues; the issues collection needs a login or an API token.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../env.ts'
import { ApiError, unauthorized } from '../errors.ts'
import { resolveStreet } from '../filters.ts'
import { collectionById, COLLECTIONS, type Collection } from './collections.ts'
import { CRS84, SUPPORTED } from './crs.ts'
import { checkFeatureId, parseItems, readPage } from './items.ts'
import { openApi } from './openapi.ts'

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
]

const JSON_TYPE = 'application/json'
const GEOJSON = 'application/geo+json'
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0'

/** The absolute URL of `path` under /ogc, as the client reached us (links must be absolute for GDAL). */
function base(url: string): string {
  const u = new URL(url)
  return `${u.origin}/ogc`
}

function collection(id: string): Collection {
  const col = collectionById(id)
  if (!col) throw new ApiError(404, 'NotFound', `没有名为 ${id} 的集合 (collection not found)`)
  return col
}

const streetBbox = `SELECT ST_XMin(b) AS x1, ST_YMin(b) AS y1, ST_XMax(b) AS x2, ST_YMax(b) AS y2
  FROM (SELECT ST_Envelope(boundary) AS b FROM streets WHERE id = $1) s`

function describe(col: Collection, root: string, bbox: number[]) {
  return {
    id: col.id,
    title: col.title,
    description: col.description,
    itemType: 'feature',
    crs: SUPPORTED.map((c) => c.uri),
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [bbox], crs: CRS84 },
      ...(col.issues ? { temporal: { interval: [[null, null]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { href: `${root}/collections/${col.id}`, rel: 'self', type: JSON_TYPE, title: col.title },
      { href: `${root}/collections/${col.id}/items`, rel: 'items', type: GEOJSON, title: col.title },
    ],
  }
}

export const ogcRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const root = base(c.req.url)
    return c.json({
      title: '创城一张图 OGC API – Features',
      description: "The street's layers and problems for GIS software (QGIS, ArcGIS, GDAL).",
      links: [
        { href: `${root}`, rel: 'self', type: JSON_TYPE, title: 'this document' },
        { href: `${root}/api`, rel: 'service-desc', type: OPENAPI, title: 'the API definition' },
        { href: `${root}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${root}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
      ],
    })
  })
  .get('/conformance', (c) => c.json({ conformsTo: CONFORMANCE }))
  .get('/api', (c) => {
    c.header('Content-Type', OPENAPI)
    return c.body(JSON.stringify(openApi(base(c.req.url))))
  })
  .get('/collections', async (c) => {
    const db = c.var.deps.db
    const [b] = await db.query<{ x1: number; y1: number; x2: number; y2: number }>(streetBbox, [await resolveStreet(db, c.req.query('street'))])
    const bbox = [b.x1, b.y1, b.x2, b.y2]
    const root = base(c.req.url)
    return c.json({
      collections: COLLECTIONS.map((col) => describe(col, root, bbox)),
      links: [{ href: `${root}/collections`, rel: 'self', type: JSON_TYPE, title: 'collections' }],
    })
  })
  .get('/collections/:id', async (c) => {
    const col = collection(c.req.param('id'))
    const db = c.var.deps.db
    const [b] = await db.query<{ x1: number; y1: number; x2: number; y2: number }>(streetBbox, [await resolveStreet(db, c.req.query('street'))])
    return c.json(describe(col, base(c.req.url), [b.x1, b.y1, b.x2, b.y2]))
  })
  .get('/collections/:id/items', async (c) => {
    const col = collection(c.req.param('id'))
    if (col.issues && !c.var.user) throw unauthorized('问题集合需要登录或 API 令牌 (the issues collection needs a login or token)')
    const { db, now, config } = c.var.deps
    const raw = c.req.query()
    const q = parseItems(col, raw, config.dataSince)
    const street = await resolveStreet(db, q.street)
    const { features, next } = await readPage(db, col, street, q, c.var.user, now())
    const self = new URL(c.req.url)
    const root = base(c.req.url)
    const links = [
      { href: self.toString(), rel: 'self', type: GEOJSON, title: 'this page' },
      { href: `${root}/collections/${col.id}`, rel: 'collection', type: JSON_TYPE, title: col.title },
    ]
    if (next !== null) {
      const u = new URL(self)
      u.searchParams.set('after', next)
      u.searchParams.set('limit', String(q.limit))
      links.push({ href: u.toString(), rel: 'next', type: GEOJSON, title: 'next page' })
    }
    c.header('Content-Crs', `<${q.crs.uri}>`)
    c.header('Content-Type', GEOJSON)
    return c.body(
      JSON.stringify({
        type: 'FeatureCollection',
        features,
        numberReturned: features.length,
        timeStamp: new Date().toISOString(),
        links,
      }),
    )
  })
  .get('/collections/:id/items/:featureId', async (c) => {
    const col = collection(c.req.param('id'))
    if (col.issues && !c.var.user) throw unauthorized('问题集合需要登录或 API 令牌 (the issues collection needs a login or token)')
    const featureId = c.req.param('featureId')
    checkFeatureId(col, featureId)
    const { db, now, config } = c.var.deps
    const raw = c.req.query()
    for (const k of Object.keys(raw)) if (!['crs', 'f', 'street'].includes(k)) throw new ApiError(400, 'InvalidParameter', `未知参数 ${k}`)
    const q = parseItems(col, raw, config.dataSince)
    const street = await resolveStreet(db, q.street)
    const { features } = await readPage(db, col, street, { ...q, limit: 1 }, c.var.user, now(), featureId)
    if (!features.length) throw new ApiError(404, 'NotFound', `集合 ${col.id} 中没有要素 ${featureId}`)
    const root = base(c.req.url)
    c.header('Content-Crs', `<${q.crs.uri}>`)
    c.header('Content-Type', GEOJSON)
    return c.body(
      JSON.stringify({
        ...features[0],
        links: [
          { href: `${root}/collections/${col.id}/items/${featureId}`, rel: 'self', type: GEOJSON, title: 'this feature' },
          { href: `${root}/collections/${col.id}`, rel: 'collection', type: JSON_TYPE, title: col.title },
        ],
      }),
    )
  })
