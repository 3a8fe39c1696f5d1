/**
 * The street importer takes the street's own basemap: roads (a GBK Shapefile in EPSG:4547 with Chinese
 * grades), water and buildings (polygons) and named places (GeoJSON). Features are cut 300 m around the
 * boundary (a far road is left out and said so); the kept roads are as long as the source says
 * (Turf against PostGIS); the places feed the address locator; a file of the wrong geometry is a 422.
 */
import * as turf from '@turf/turf'
import type { Feature, Geometry, LineString, Point } from 'geojson'
import { describe, expect, it } from 'vitest'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { loadGazetteer, locate } from '../hotline/locator.ts'
import { roadClass } from './basemap.ts'
import { dongtangBeside, geojson, ownDb, postImport, shapefileZip, shift, type FC } from './test-helpers.ts'

const onPglite = process.env.TEST_ENGINE !== 'postgres'
const DX = 0.03
const GRADE = { arterial: '主干路', secondary: '次干路', lane: '支路' } as const
const fc = (features: Feature<Geometry, Record<string, unknown>>[]): FC => ({ type: 'FeatureCollection', features })
const fixture = dongtang()

function basemapFiles() {
  const box = turf.bbox(shift(fixture.street.boundary, DX))
  const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]
  const roads = fc([
    ...fixture.roads.map((r) => turf.feature(shift(r.geom, DX), { 道路名称: r.name, 道路等级: GRADE[r.class] })),
    // 5 km east: not this street's
    turf.feature(
      turf.lineString([
        [cx + 0.05, cy],
        [cx + 0.06, cy],
      ]).geometry,
      { 道路名称: '远方路', 道路等级: '支路' },
    ),
    // across the street and 2 km beyond it on both sides: cut 300 m outside the boundary
    turf.feature(
      turf.lineString([
        [box[0] - 0.02, cy],
        [box[2] + 0.02, cy],
      ]).geometry,
      { 道路名称: '穿城大道', 道路等级: '快速路' },
    ),
  ])
  const water = fc([turf.feature(turf.circle([cx, cy], 40, { units: 'meters' }).geometry, { 名称: '测试塘' })])
  const buildings = fc([
    turf.feature(turf.circle([cx + 0.002, cy], 15, { units: 'meters', steps: 8 }).geometry, { name: '测试大厦', type: 'office' }),
  ])
  const places = fc([turf.feature(turf.point([cx - 0.002, cy + 0.001]).geometry, { 地名: '东塘测试菜市场' })])
  return { roads, water, buildings, places }
}

const CODE = '430111093'
const src = dongtangBeside(CODE, DX)
const layers = async () => {
  const b = basemapFiles()
  return {
    street_code: CODE,
    name: '底图测试街道',
    boundary: geojson(src.boundary),
    communities: geojson(src.communities),
    grids: geojson(src.grids),
    roads: [await shapefileZip(b.roads, { srs: 'EPSG:4326', toSrs: 'EPSG:4547', encoding: 'GBK' }), 'roads.zip'] as [Uint8Array, string],
    water: geojson(b.water),
    buildings: geojson(b.buildings),
    places: geojson(b.places),
  }
}

describe('the street importer takes the street basemap', () => {
  it('counts what a dry run would keep and says what lies too far away', async () => {
    const r = await postImport(await layers())
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200)
    expect(r.body.crs.roads).toBe('EPSG:4547')
    expect(r.body.basemap).toEqual({ roads: fixture.roads.length + 1, water: 1, buildings: 1, places: 1 })
    expect(r.body.warnings.filter((w: { check: string }) => w.check === 'basemap_outside')).toEqual([
      { check: 'basemap_outside', layer: 'roads', message: '道路: 1 个要素在街道边界 300 米以外，未导入' },
    ])
    expect(r.body.errors).toEqual([])
  })

  it('refuses a roads file of polygons, naming the layer', async () => {
    const r = await postImport({ ...(await layers()), roads: geojson(basemapFiles().water) })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('wrong_geometry')
    expect(r.body.error.message).toContain('道路')
  })

  it('maps OSM highway values and Chinese grades to three widths', () => {
    expect(['primary', 'trunk_link', '主干路', '城市快速路', 'secondary', 'tertiary', '次干路', 'residential', '支路', ''].map(roadClass)).toEqual([
      'arterial',
      'arterial',
      'arterial',
      'arterial',
      'secondary',
      'secondary',
      'secondary',
      'lane',
      'lane',
      'lane',
    ])
  })

  it.runIf(onPglite)('commits the features: roads as long as the source, the crossing road cut 300 m out, places found by the locator', async () => {
    const r = await postImport(await layers(), '', true)
    expect(r.status, JSON.stringify(r.body.errors).slice(0, 400)).toBe(201)
    const street = r.body.street.id as number
    const db = await ownDb()
    const rows = await db.query<{ kind: string; name: string; class: string; m: number; type: string }>(
      'SELECT kind, name, class, ST_Length(geom::geography) AS m, GeometryType(geom) AS type FROM basemap_features WHERE street_id = $1',
      [street],
    )
    const b = basemapFiles()
    for (const f of b.roads.features.slice(0, fixture.roads.length)) {
      const row = rows.find((x) => x.kind === 'road' && x.name === f.properties['道路名称'])!
      const expected = turf.length(f as Feature<LineString>, { units: 'meters' })
      expect(Math.abs(row.m / expected - 1), row.name).toBeLessThan(0.005)
      expect(row.class).toBe(fixture.roads.find((x) => x.name === row.name)!.class)
    }
    expect(rows.some((x) => x.name === '远方路')).toBe(false)
    // the crossing road: the street's width plus 300 m on either side (the cut follows a 300 m buffer)
    const across = rows.find((x) => x.name === '穿城大道')!
    expect(across.class).toBe('arterial')
    // expected: where Turf's 300 m buffer of the boundary crosses the line
    const line = b.roads.features.at(-1) as Feature<LineString>
    const buffered = turf.buffer(turf.feature(shift(fixture.street.boundary, DX)), 300, { units: 'meters', steps: 64 })!
    const [p, q] = turf.lineIntersect(line, buffered).features.map((f) => f.geometry.coordinates)
    expect(Math.abs(across.m / turf.distance(p, q, { units: 'meters' }) - 1)).toBeLessThan(0.01)
    expect(rows.filter((x) => x.kind === 'water').map((x) => x.name)).toEqual(['测试塘'])
    expect(rows.filter((x) => x.kind === 'building').map((x) => [x.name, x.class])).toEqual([['测试大厦', 'office']])
    // a 12345 address naming the market is placed on it
    const g = await loadGazetteer(db, street)
    const hit = await locate(db, g, '东塘测试菜市场门口占道经营')
    const place = b.places.features[0].geometry as Point
    expect(hit).not.toBeNull()
    expect(turf.distance([hit!.lon, hit!.lat], place.coordinates, { units: 'meters' })).toBeLessThan(1)
  })
})
