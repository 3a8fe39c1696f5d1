import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { getJson, testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { TILE_BUFFER, TILE_EXTENT } from './mvt.ts'
import { VERSION_TTL_MS } from './street-tile.ts'
import { featuresOf, fetchTile } from './test-tiles.ts'
import { tileAt, tileBounds } from './tile-math.ts'

type Fc = FeatureCollection<Geometry, Record<string, unknown>>
type App = Awaited<ReturnType<typeof testApp>>

/** Each MVT layer and the GeoJSON endpoint serving the same features. */
const LAYERS = { boundary: 'boundary', communities: 'communities', grids: 'grids', points: 'points', bike_zones: 'bike-zones' }

let app: App
let street: [number, number, number, number]

/** The GeoJSON layers, read twice around `during` until no other test wrote in between (points imports run alongside). */
async function steady<T>(during: () => Promise<T>): Promise<{ layers: Record<string, Fc>; got: T }> {
  const read = async () => {
    const entries = await Promise.all(
      [...Object.entries(LAYERS), ['basemap', 'basemap']].map(async ([k, path]) => [k, (await getJson<Fc>(`/api/v1/layers/${path}`)).body] as const),
    )
    return Object.fromEntries(entries) as Record<string, Fc>
  }
  for (let attempt = 0; ; attempt++) {
    const before = await read()
    const got = await during()
    const after = await read()
    if (JSON.stringify(before) === JSON.stringify(after) || attempt === 3) return { layers: after, got }
  }
}

/** `get()` again every 50 ms until `done` holds or 5 × VERSION_TTL_MS have passed; the last answer. */
async function poll<T>(get: () => Promise<T>, done: (r: T) => boolean): Promise<T> {
  const until = Date.now() + 5 * VERSION_TTL_MS
  let r = await get()
  while (!done(r) && Date.now() < until) {
    await new Promise((ok) => setTimeout(ok, 50))
    r = await get()
  }
  return r
}

const codes = (fc: Fc) => fc.features.map((f) => String(f.properties.code)).sort()

beforeAll(async () => {
  app = await testApp()
  street = turf.bbox((await getJson<Fc>('/api/v1/layers/boundary')).body) as typeof street
})

describe('GET /api/v1/tiles/street/{z}/{x}/{y}.mvt', () => {
  it("holds every feature of the street's layers, with its codes, in a tile that covers the whole street", async () => {
    // the deepest zoom at which one tile still holds the street's whole bounding box
    let t = tileAt(street[0], street[3], 0)
    for (let z = 1; z <= 18; z++) {
      const a = tileAt(street[0], street[3], z)
      const b = tileAt(street[2], street[1], z)
      if (a.x !== b.x || a.y !== b.y) break
      t = a
    }
    expect(t.z).toBeGreaterThanOrEqual(10)
    const { layers, got } = await steady(() => fetchTile(app, t))
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    // bike zones (3 m wide) are thinner than this zoom's tile unit and snap away, as with ST_AsMVTGeom: they are held at z16 below
    for (const name of ['boundary', 'communities', 'grids', 'points']) {
      const decoded = featuresOf(got.tile, name)
      expect(decoded.map((f) => String(f.properties.code)).sort(), name).toEqual(codes(layers[name]))
    }
    const base = (fc: Record<string, unknown>[]) => fc.map((p) => `${p.kind}:${p.name}`).sort()
    expect(base(featuresOf(got.tile, 'basemap').map((f) => f.properties))).toEqual(base(layers.basemap.features.map((f) => f.properties)))

    // geometry survives: each point within one tile unit of where it is, each community's area within 0.5 %
    const unit =
      turf.distance(turf.point(tileBounds(t).slice(0, 2)), turf.point([tileBounds(t)[2], tileBounds(t)[1]]), { units: 'meters' }) / TILE_EXTENT
    const points = new Map(layers.points.features.map((f) => [String(f.properties.code), f]))
    for (const f of featuresOf(got.tile, 'points')) {
      const at = f.toGeoJSON(t.x, t.y, t.z) as Feature
      expect(turf.distance(at as never, points.get(String(f.properties.code)) as never, { units: 'meters' })).toBeLessThan(unit)
      expect(f.properties).not.toHaveProperty('contact_phone')
    }
    const communities = new Map(layers.communities.features.map((f) => [String(f.properties.code), turf.area(f)]))
    for (const f of featuresOf(got.tile, 'communities')) {
      const want = communities.get(String(f.properties.code))!
      expect(Math.abs(turf.area(f.toGeoJSON(t.x, t.y, t.z)) - want) / want).toBeLessThan(0.005)
      // MVT 2.1: the first ring of a polygon is its exterior, wound clockwise on screen (positive area, y down)
      const ring = f.loadGeometry()[0]
      let a2 = 0
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a2 += ring[j].x * ring[i].y - ring[i].x * ring[j].y
      expect(a2).toBeGreaterThan(0)
    }
  })

  it('clips at the tile edge: at z16 each tile holds exactly the features reaching into it (plus its buffer), all tiles every feature', async () => {
    const nw = tileAt(street[0], street[3], 16)
    const se = tileAt(street[2], street[1], 16)
    const tiles: { z: number; x: number; y: number }[] = []
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) tiles.push({ z: 16, x, y })
    const { layers, got } = await steady(() => Promise.all(tiles.map((t) => fetchTile(app, t))))
    const buffer = TILE_BUFFER / TILE_EXTENT
    // a feature that only grazes the buffer's edge may snap away: require those inside by a unit, allow those within a unit
    const one = 1 / TILE_EXTENT
    const seen = new Map(Object.keys(LAYERS).map((name) => [name, new Set<string>()]))
    got.forEach((res, k) => {
      const t = tiles[k]
      const must = turf.bboxPolygon(tileBounds(t, buffer - one))
      const may = turf.bboxPolygon(tileBounds(t, buffer + one))
      for (const name of ['grids', 'points', 'communities'] as const) {
        const inTile = new Set(featuresOf(res.tile, name).map((f) => String(f.properties.code)))
        for (const f of layers[name].features) {
          const code = String(f.properties.code)
          if (turf.booleanIntersects(f, must)) expect(inTile.has(code), `${name} ${code} in ${t.x}/${t.y}`).toBe(true)
          else if (!turf.booleanIntersects(f, may)) expect(inTile.has(code), `${name} ${code} not in ${t.x}/${t.y}`).toBe(false)
        }
      }
      for (const name of [...Object.keys(LAYERS), 'basemap']) {
        for (const f of featuresOf(res.tile, name)) {
          seen.get(name)?.add(String(f.properties.code))
          for (const ring of f.loadGeometry())
            for (const p of ring) {
              expect(p.x).toBeGreaterThanOrEqual(-TILE_BUFFER)
              expect(p.x).toBeLessThanOrEqual(TILE_EXTENT + TILE_BUFFER)
              expect(p.y).toBeGreaterThanOrEqual(-TILE_BUFFER)
              expect(p.y).toBeLessThanOrEqual(TILE_EXTENT + TILE_BUFFER)
            }
        }
      }
      if (!res.tile) expect(res.status).toBe(204)
    })
    // together the tiles hold every feature of every layer
    for (const [name, got] of seen) expect([...got].sort(), name).toEqual(codes(layers[name]))
  })

  it('answers an unchanged tile with 304 and a changed street with a new tile', async () => {
    const [lon, lat] = turf.center(turf.bboxPolygon(street)).geometry.coordinates
    const t = tileAt(lon, lat, 17)
    const first = await fetchTile(app, t)
    const etag = first.headers.get('etag')!
    expect(etag).toBeTruthy()
    expect((await fetchTile(app, t, { headers: { 'if-none-match': etag } })).status).toBe(304)
    const db = await testDb()
    const [sq] = await db.query<{ id: number }>(
      `INSERT INTO basemap_features (street_id, kind, name, class, geom)
       VALUES ((SELECT id FROM streets WHERE code = '430111005'), 'block', '瓦片测试地块', 'tile_test',
               ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.0002)) RETURNING id`,
      [lon, lat],
    )
    try {
      // an edit reaches the tiles within VERSION_TTL_MS: wait for it (at most 5× that)
      const changed = await poll(
        () => fetchTile(app, t, { headers: { 'if-none-match': etag } }),
        (r) => r.status !== 304,
      )
      expect(changed.status).toBe(200)
      expect(changed.headers.get('etag')).not.toBe(etag)
      expect(featuresOf(changed.tile, 'basemap').some((f) => f.properties.name === '瓦片测试地块')).toBe(true)
    } finally {
      await db.query('DELETE FROM basemap_features WHERE street_id = (SELECT id FROM streets WHERE code = $1) AND id = $2', ['430111005', sq.id])
    }
    const after = await poll(
      () => fetchTile(app, t),
      (r) => r.headers.get('etag') === etag,
    )
    expect(after.status).toBe(200)
    expect(featuresOf(after.tile, 'basemap').some((f) => f.properties.name === '瓦片测试地块')).toBe(false)
  })

  it('answers a tile with nothing of the street with 204', async () => {
    const res = await fetchTile(app, tileAt(0.5, 0.5, 14))
    expect(res.status).toBe(204)
    expect(res.bytes.length).toBe(0)
  })

  it('refuses addresses outside the tile pyramid with 400', async () => {
    for (const path of ['25/0/0.mvt', '14/16384/0.mvt', '14/0/16384.mvt', '3/8/1.mvt', '14/1/abc.mvt', '14/1/2.png', '-1/0/0.mvt']) {
      const res = await app.request(`/api/v1/tiles/street/${path}`)
      expect(res.status, path).toBe(400)
      const body = (await res.json()) as { error: { code: string } }
      expect(['tile_out_of_range', 'invalid_parameter'], path).toContain(body.error.code)
    }
    expect((await app.request('/api/v1/tiles/street/24/16777215/16777215.mvt')).status).toBe(204)
  })
})
