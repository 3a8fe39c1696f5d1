/**
 * /ogc against the standard's rules and against our own layers: every expectation comes from
 * /api/v1 (the same data through another path), Turf, or proj4 with the EPSG definition of the
 * CGCS2000 zone — never from /ogc itself.
 */
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, Point } from 'geojson'
import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf } from '../issues/test-helpers.ts'

type Fc = FeatureCollection<GeoJSON.Geometry, Record<string, unknown>> & { links: { rel: string; href: string }[]; numberReturned: number }

/** EPSG:4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E, as the EPSG registry defines it (GRS80 ≈ the CGCS2000 ellipsoid). */
const EPSG4547 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'
const to4547 = (lon: number, lat: number) => proj4('EPSG:4326', EPSG4547, [lon, lat]) as [number, number]

async function get(path: string, cookie?: string) {
  const app = await testApp()
  const res = await app.request(path, { headers: cookie ? { cookie } : {} })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Fc & Record<string, unknown> }
}

/** Every feature of a collection, following `next` links from the first page. */
async function walk(path: string, cookie?: string): Promise<{ features: Fc['features']; pages: number }> {
  const features: Fc['features'] = []
  let url: string | null = `http://localhost${path}`
  let pages = 0
  while (url) {
    const u: URL = new URL(url)
    const r = await get(u.pathname + u.search, cookie)
    expect(r.status, url).toBe(200)
    features.push(...r.body.features)
    expect(r.body.numberReturned).toBe(r.body.features.length)
    url = r.body.links.find((l) => l.rel === 'next')?.href ?? null
    pages++
  }
  return { features, pages }
}

describe('OGC API – Features: landing, conformance, collections', () => {
  it('links the landing page to the API definition, conformance and collections with absolute URLs', async () => {
    const { status, body } = await get('/ogc')
    expect(status).toBe(200)
    const rels = Object.fromEntries((body.links as { rel: string; href: string }[]).map((l) => [l.rel, l.href]))
    expect(rels).toMatchObject({
      self: 'http://localhost/ogc',
      'service-desc': 'http://localhost/ogc/api',
      conformance: 'http://localhost/ogc/conformance',
      data: 'http://localhost/ogc/collections',
    })
    const conf = await get('/ogc/conformance')
    expect(conf.body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    )
    const app = await testApp()
    const api = await app.request('/ogc/api')
    expect(api.headers.get('content-type')).toContain('application/vnd.oai.openapi+json')
    expect(Object.keys(((await api.json()) as { paths: object }).paths)).toContain('/collections/{collectionId}/items')
  })

  it('lists one collection per layer with the CRS list, the storage CRS and the street extent', async () => {
    const { body } = await get('/ogc/collections')
    const cols = body.collections as { id: string; crs: string[]; storageCrs: string; extent: { spatial: { bbox: number[][] } } }[]
    expect(cols.map((c) => c.id)).toEqual(['boundary', 'communities', 'grids', 'points', 'bike_zones', 'issues'])
    const boundary = (await get('/api/v1/layers/boundary')).body
    const [x1, y1, x2, y2] = turf.bbox(boundary)
    for (const c of cols) {
      expect(c.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/4547')
      expect(c.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84')
      c.extent.spatial.bbox[0].forEach((v, k) => expect(v).toBeCloseTo([x1, y1, x2, y2][k], 6))
    }
  })
})

describe('OGC API – Features: items', () => {
  it('serves every layer with the same features as /api/v1/layers, and no personal field', async () => {
    for (const [id, layer] of [
      ['boundary', 'boundary'],
      ['communities', 'communities'],
      ['grids', 'grids'],
      ['points', 'points'],
      ['bike_zones', 'bike-zones'],
    ]) {
      const ours = (await get(`/api/v1/layers/${layer}`)).body
      const { features } = await walk(`/ogc/collections/${id}/items?limit=1000`)
      expect(features.map((f) => f.id)).toEqual(ours.features.map((f) => f.properties.code))
      for (const [k, f] of features.entries()) {
        expect(f.geometry, `${id} ${f.id}`).toEqual(ours.features[k].geometry)
        for (const personal of ['manager_name', 'contact_name', 'contact_phone', 'address']) expect(f.properties).not.toHaveProperty(personal)
      }
    }
  })

  it('pages by next links, each feature exactly once, and keeps limit within the schema', async () => {
    const all = (await get('/api/v1/layers/grids')).body.features.map((f) => f.properties.code)
    const { features, pages } = await walk('/ogc/collections/grids/items?limit=7')
    expect(features.map((f) => f.id)).toEqual(all)
    expect(pages).toBe(Math.ceil(all.length / 7) + (all.length % 7 === 0 ? 1 : 0))
    const first = await get('/ogc/collections/grids/items')
    expect(first.body.features).toHaveLength(Math.min(100, all.length))
  })

  it('writes EPSG:4547 as northing, easting in metres equal to proj4 within 1 mm, and EPSG:4326 as latitude, longitude', async () => {
    const ours = (await get('/api/v1/layers/points')).body.features as Feature<Point>[]
    const gk = await get('/ogc/collections/points/items?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/4547')
    expect(gk.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/4547>')
    expect(gk.headers.get('content-type')).toContain('application/geo+json')
    const ll = await get('/ogc/collections/points/items?limit=1000&crs=EPSG:4326')
    expect(ll.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/4326>')
    for (const [k, f] of ours.entries()) {
      const [lon, lat] = f.geometry.coordinates
      const [e, n] = to4547(lon, lat)
      const [gn, ge] = (gk.body.features[k].geometry as Point).coordinates
      expect(Math.abs(gn - n), `${f.properties!.code} northing`).toBeLessThan(0.001)
      expect(Math.abs(ge - e), `${f.properties!.code} easting`).toBeLessThan(0.001)
      expect((ll.body.features[k].geometry as Point).coordinates).toEqual([lat, lon])
    }
  })

  it('filters by bbox in CRS84, in EPSG:4326 axis order and in EPSG:4547 metres, the same points as a brute-force test', async () => {
    const ours = (await get('/api/v1/layers/points')).body.features as Feature<Point>[]
    const [x1, y1, x2, y2] = turf.bbox((await get('/api/v1/layers/boundary')).body)
    const box = [x1 + (x2 - x1) * 0.2, y1 + (y2 - y1) * 0.3, x1 + (x2 - x1) * 0.7, y1 + (y2 - y1) * 0.8]
    const inside = (lon: number, lat: number) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]
    const expected = ours.filter((f) => inside(...(f.geometry.coordinates as [number, number]))).map((f) => f.properties!.code)
    expect(expected.length).toBeGreaterThan(5)
    expect(expected.length).toBeLessThan(ours.length)
    const codes = async (q: string) => (await walk(`/ogc/collections/points/items?limit=1000&${q}`)).features.map((f) => f.id)
    expect(await codes(`bbox=${box.join(',')}`)).toEqual(expected)
    expect(await codes(`bbox=${[box[1], box[0], box[3], box[2]].join(',')}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326`)).toEqual(expected)
    // In metres the box is the projected box's envelope: a little larger than the lon/lat box; brute force in metres.
    const [e1, n1] = to4547(box[0], box[1])
    const [e2, n2] = to4547(box[2], box[3])
    const inMetres = ours
      .filter((f) => {
        const [e, n] = to4547(...(f.geometry.coordinates as [number, number]))
        return e >= e1 && e <= e2 && n >= n1 && n <= n2
      })
      .map((f) => f.properties!.code)
    expect(await codes(`bbox=${[n1, e1, n2, e2].join(',')}&bbox-crs=EPSG:4547`)).toEqual(inMetres)
    // A geographic bbox whose west edge is east of its east edge crosses the antimeridian (it is not an error).
    expect(await codes('bbox=170,-80,120,80')).toEqual(ours.map((f) => f.properties!.code))
    expect(await codes('bbox=120,-80,170,80')).toEqual([])
  })
})

describe('OGC API – Features: the issues collection', () => {
  it('needs a login or token, even with public reads', async () => {
    const anon = await get('/ogc/collections/issues/items')
    expect(anon.status).toBe(401)
    expect(anon.body).toMatchObject({ code: 'unauthorized' })
  })

  it('datetime and the shared filters select the same issues as /api/v1/issues', async () => {
    const leader = await cookieOf('leader')
    const list = (await get('/api/v1/issues?from=2026-09-01&to=2026-10-01&category=clutter,flyposting&limit=5000', leader)).body.features
    expect(list.length).toBeGreaterThan(10)
    // datetime intervals are closed: the last instant before 2026-10-01 local time.
    const dt = encodeURIComponent('2026-09-01T00:00:00+08:00/2026-09-30T23:59:59.999+08:00')
    const { features } = await walk(`/ogc/collections/issues/items?limit=50&datetime=${dt}&category=clutter,flyposting`, leader)
    expect(features.map((f) => f.id).sort((a, b) => Number(a) - Number(b))).toEqual(list.map((f) => f.id).sort((a, b) => Number(a) - Number(b)))
    const byId = new Map(list.map((f) => [f.id, f]))
    for (const f of features) {
      expect(f.properties).toEqual(byId.get(f.id)!.properties)
      expect(f.geometry).toEqual(byId.get(f.id)!.geometry)
    }
  })

  it("a grid manager sees only their grids' issues, as on /issues", async () => {
    const gm = await cookieOf('grid01')
    const list = (await get('/api/v1/issues?limit=5000&from=2026-06-01', gm)).body.features
    const grids = new Set(list.map((f) => f.properties.grid_code))
    const { features } = await walk(`/ogc/collections/issues/items?limit=5000&datetime=2026-06-01T00:00:00%2B08:00/..`, gm)
    expect(features.length).toBe(list.length)
    expect(new Set(features.map((f) => f.properties.grid_code))).toEqual(grids)
    const leader = await walk(`/ogc/collections/issues/items?limit=5000&datetime=2026-06-01T00:00:00%2B08:00/..`, await cookieOf('leader'))
    expect(leader.features.length).toBeGreaterThan(features.length)
  })

  it('serves one issue by id, and 404 for one that does not exist', async () => {
    const leader = await cookieOf('leader')
    const [one] = (await get('/api/v1/issues?limit=1', leader)).body.features
    const item = await get(`/ogc/collections/issues/items/${one.id}`, leader)
    expect(item.status).toBe(200)
    expect(item.body.properties).toEqual(one.properties)
    expect((await get('/ogc/collections/issues/items/999999999', leader)).status).toBe(404)
    expect((await get('/ogc/collections/issues/items/abc', leader)).status).toBe(404)
  })
})

describe('OGC API – Features: bad input answers as the standard says', () => {
  it.each([
    ['/ogc/collections/roads', 404, 'NotFound'],
    ['/ogc/collections/roads/items', 404, 'NotFound'],
    ['/ogc/collections/grids/items/nope', 404, 'NotFound'],
    ['/ogc/collections/grids/items?limit=0', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?limit=1000000000', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?limit=abc', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?bbox=113,28.2,113.1,28.1', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?bbox=1,2,3', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?bbox=3000000,400000,3100000,300000&bbox-crs=EPSG:4547', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?crs=EPSG:3857', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?bbox-crs=EPSG:4326', 400, 'InvalidParameterValue'],
    ['/ogc/collections/grids/items?colour=red', 400, 'InvalidParameter'],
    ['/ogc/collections/grids/items?datetime=2026-01-01', 400, 'InvalidParameter'],
    ['/ogc/nothing', 404, 'NotFound'],
  ])('%s → %i %s', async (path, status, code) => {
    const leader = await cookieOf('leader')
    const r = await get(path, leader)
    expect(r.status).toBe(status)
    expect(r.body.code).toBe(code)
    expect(typeof r.body.description).toBe('string')
  })

  it('refuses a malformed or out-of-range datetime with 400', async () => {
    const leader = await cookieOf('leader')
    for (const dt of ['yesterday', '2026-02-30', '1900-01-01T00:00:00Z', '2026-10-01/2026-09-01', '../..', '..'])
      expect((await get(`/ogc/collections/issues/items?datetime=${encodeURIComponent(dt)}`, leader)).status, dt).toBe(400)
  })
})
