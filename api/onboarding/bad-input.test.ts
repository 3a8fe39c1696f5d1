import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { MAX_STREET_UPLOAD_BYTES } from './limits.ts'
import { dongtangBeside, geojson, ownDb, postImport, shapefileZip, smallStreet, type FC, type Parts } from './test-helpers.ts'

// Each bad input is sent as a real import (not a dry run): it must answer a 4xx in Chinese and leave
// nothing behind. On PGlite that runs on the file's own database copy; the postgres project sends dry runs.
const onPglite = process.env.TEST_ENGINE !== 'postgres'
const CODE = '430111094'
const base = dongtangBeside(CODE)
const good = {
  street_code: CODE,
  name: '坏输入街道',
  boundary: geojson(base.boundary),
  communities: geojson(base.communities),
  grids: geojson(base.grids),
}

async function written(): Promise<number> {
  const db = onPglite ? await ownDb() : await testDb()
  const [r] = await db.query<{ n: number }>(
    'SELECT ((SELECT count(*) FROM streets) + (SELECT count(*) FROM communities) + (SELECT count(*) FROM grids))::int AS n',
  )
  return r.n
}

async function refused(parts: Parts, status: number, code: string, message?: RegExp) {
  const before = await written()
  const r = await postImport(parts, onPglite ? '' : '?dry_run=1', onPglite)
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status)
  expect(r.body.error.code).toBe(code)
  expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  if (message) expect(r.body.error.message).toMatch(message)
  expect(await written()).toBe(before)
}

const ring = (n: number, lon: number, lat: number, r: number) =>
  Array.from({ length: n + 1 }, (_, k) => {
    const a = ((k % n) / n) * 2 * Math.PI
    return [+(lon + r * Math.cos(a)).toFixed(6), +(lat + r * Math.sin(a)).toFixed(6)]
  })

describe('street import: bad input is a clear 4xx and writes nothing', () => {
  it('a zip without a .shp', async () => {
    const zip = new JSZip()
    zip.file('网格.dbf', new Uint8Array([3, 0, 0, 0]))
    zip.file('说明.txt', '网格图层')
    await refused({ ...good, grids: [await zip.generateAsync({ type: 'uint8array' }), 'grids.zip'] }, 422, 'no_shp', /没有 \.shp/)
  })

  it('a .prj we cannot read, and a Shapefile without one when no CRS is chosen', async () => {
    const bad = await shapefileZip(base.grids, { srs: 'EPSG:4326', prj: 'this is not a projection' })
    await refused({ ...good, grids: [bad, 'grids.zip'] }, 422, 'unreadable_prj', /\.prj/)
    const none = await shapefileZip(base.grids, { srs: 'EPSG:4326', drop: ['.prj'] })
    await refused({ ...good, grids: [none, 'grids.zip'] }, 422, 'crs_required', /坐标系/)
  })

  it('a file over the size limit: 413 before anything is read', async () => {
    await refused({ ...good, boundary: [new Uint8Array(MAX_STREET_UPLOAD_BYTES + 1024), 'big.geojson'] }, 413, 'payload_too_large')
  })

  it('points where polygons belong', async () => {
    const pts: FC = {
      type: 'FeatureCollection',
      features: base.grids.features.map((f) => ({
        ...f,
        geometry: { type: 'Point', coordinates: (f.geometry as never as { coordinates: number[][][] }).coordinates[0][0] },
      })),
    }
    await refused({ ...good, grids: geojson(pts) }, 422, 'wrong_geometry', /面/)
  })

  it('longitude and latitude swapped, in degrees and in Gauss-Krüger metres', async () => {
    const swap = (fc: FC): FC => JSON.parse(JSON.stringify(fc), (_k, v) => (Array.isArray(v) && typeof v[0] === 'number' ? [v[1], v[0]] : v))
    await refused({ ...good, communities: geojson(swap(base.communities)) }, 422, 'swapped_xy', /互换/)
    const s = smallStreet()
    await refused(
      { ...good, boundary: geojson(swap(s.boundary)), communities: geojson(s.communities), grids: geojson(s.grids) },
      422,
      'swapped_xy',
      /X 与 Y/,
    )
  })

  it('a layer in the wrong Gauss-Krüger zone: said so, with the zone that fits', async () => {
    const right = await JSZip.loadAsync(await shapefileZip(base.boundary, { srs: 'EPSG:4326', toSrs: 'EPSG:4547' }))
    const prj4547 = await right.file('layer.prj')!.async('string')
    // grids projected into the CM 111°E zone (EPSG:4546) but labelled as 114°E (4547)
    const wrong = await shapefileZip(base.grids, { srs: 'EPSG:4326', toSrs: 'EPSG:4546', prj: prj4547 })
    await refused({ ...good, grids: [wrong, 'grids.zip'] }, 422, 'far_from_boundary', /EPSG:4546/)
  })

  it('a polygon with 10⁶ vertices', async () => {
    const big: FC = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring(1_000_000, 113.03, 28.19, 0.005)] } }],
    }
    await refused({ ...good, grids: [geojson(big), 'grids.geojson'] }, 422, 'too_many_vertices', /节点/)
  })

  it('10⁵ polygons', async () => {
    const many: FC = {
      type: 'FeatureCollection',
      features: Array.from({ length: 100_000 }, (_, k) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [ring(3, 113 + (k % 300) * 1e-4, 28.18 + Math.floor(k / 300) * 1e-4, 4e-5)] },
      })),
    }
    await refused({ ...good, grids: [geojson(many), 'grids.geojson'] }, 422, 'too_many_features', /要素过多/)
  })

  it('a missing layer and a malformed street code', async () => {
    const { grids: _, ...noGrids } = good
    await refused(noGrids, 422, 'missing_layer', /网格/)
    await refused({ ...good, street_code: '4301' }, 400, 'invalid_parameter', /9 位/)
  })
})
