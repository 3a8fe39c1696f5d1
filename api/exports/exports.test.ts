/**
 * GeoPackage and Shapefile exports, read back by GDAL and by the `shapefile` package (a reader we
 * did not write); expectations from /api/v1 and from proj4 with the EPSG definition of the zone.
 */
import * as turf from '@turf/turf'
import type { FeatureCollection, MultiPolygon, Point, Position } from 'geojson'
import JSZip from 'jszip'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import proj4 from 'proj4'
import * as shapefile from 'shapefile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, testApp } from '../../db/testing/app.ts'
import { cookieOf } from '../issues/test-helpers.ts'

const run = promisify(execFile)
type Fc = FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>
const EPSG4547 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cgm-export-test-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function download(path: string, cookie?: string) {
  const app = await testApp()
  const res = await app.request(path, { headers: cookie ? { cookie } : {} })
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) }
}

/** A file's layer as GDAL reads it, as GeoJSON (coordinates in the file's own CRS). */
async function gdalRead(file: string, layer: string): Promise<Fc> {
  const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, layer, '-preserve_fid'], { maxBuffer: 256 * 1024 * 1024 })
  return JSON.parse(stdout) as Fc
}

/** Planar area of a (multi)polygon in metres (shoelace), holes subtracted. */
function planarArea(g: MultiPolygon): number {
  const ring = (r: Position[]) => Math.abs(r.reduce((s, [x, y], k) => s + (k ? r[k - 1][0] * y - x * r[k - 1][1] : 0), 0)) / 2
  return g.coordinates.reduce((s, poly) => s + ring(poly[0]) - poly.slice(1).reduce((h, r) => h + ring(r), 0), 0)
}

describe('GET /api/v1/exports/{layer}.gpkg', () => {
  it('writes the grids in EPSG:4547 (metres, x = easting) with our codes, areas equal to proj4 projecting our layer', async () => {
    const r = await download('/api/v1/exports/grids.gpkg?crs=EPSG:4547')
    expect(r.status).toBe(200)
    expect(r.type).toBe('application/geopackage+sqlite3')
    const file = join(dir, 'grids.gpkg')
    await writeFile(file, r.bytes)
    const { stdout: info } = await run('ogrinfo', ['-so', file, 'grids'])
    expect(info).toMatch(/CGCS2000 \/ 3-degree Gauss-Kruger CM 114E/)
    const copy = await gdalRead(file, 'grids')
    const ours = (await getJson<Fc>('/api/v1/layers/grids')).body
    expect(copy.features.map((f) => f.properties.code)).toEqual(ours.features.map((f) => f.properties.code))
    for (const [k, f] of copy.features.entries()) {
      const mine = ours.features[k].geometry as MultiPolygon
      const projected: MultiPolygon = {
        type: 'MultiPolygon',
        coordinates: mine.coordinates.map((p) => p.map((ring) => ring.map((c) => proj4('EPSG:4326', EPSG4547, c)))),
      }
      const [a, b] = [planarArea(f.geometry as MultiPolygon), planarArea(projected)]
      expect(Math.abs(a - b) / b).toBeLessThan(1e-4)
      const [e, n] = (f.geometry as MultiPolygon).coordinates[0][0][0]
      const [pe, pn] = projected.coordinates[0][0][0]
      expect(Math.abs(e - pe)).toBeLessThan(0.001)
      expect(Math.abs(n - pn)).toBeLessThan(0.001)
    }
  })

  it("writes a grid manager's issues only, under the shared filters, and refuses anonymous readers and walls", async () => {
    const gm = await cookieOf('grid01')
    const mine = (await getJson<Fc>('/api/v1/issues?limit=5000&category=clutter,street_vending', { headers: { cookie: gm } })).body
    expect(mine.features.length).toBeGreaterThan(0)
    const r = await download('/api/v1/exports/issues.gpkg?category=clutter,street_vending', gm)
    expect(r.status).toBe(200)
    const file = join(dir, 'issues.gpkg')
    await writeFile(file, r.bytes)
    const copy = await gdalRead(file, 'issues')
    // the issue id is the GeoPackage's feature id (its primary key)
    expect(copy.features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(mine.features.map((f) => Number(f.id)).sort((a, b) => a - b))
    expect((await download('/api/v1/exports/issues.gpkg')).status).toBe(401)
    expect((await download('/api/v1/exports/issues.shp.zip', await cookieOf('screen'))).status).toBe(403)
  })
})

describe('GET /api/v1/exports/{layer}.shp.zip', () => {
  it('zips .shp, .shx, .dbf, .prj and .cpg; in GBK the names read back in Chinese with the shapefile package', async () => {
    const r = await download('/api/v1/exports/points.shp.zip?encoding=gbk&crs=EPSG:4490')
    expect(r.status).toBe(200)
    expect(r.type).toBe('application/zip')
    const zip = await JSZip.loadAsync(r.bytes)
    const names = Object.keys(zip.files).sort()
    expect(names).toEqual(['points.cpg', 'points.dbf', 'points.prj', 'points.shp', 'points.shx'])
    expect((await zip.file('points.prj')!.async('string')).toUpperCase()).toContain('CGCS2000')
    const cpg = (await zip.file('points.cpg')!.async('string')).trim()
    expect(['936', 'CP936', 'GBK']).toContain(cpg.toUpperCase())
    const shp = await zip.file('points.shp')!.async('uint8array')
    const dbf = await zip.file('points.dbf')!.async('uint8array')
    const read = await shapefile.read(shp, dbf, { encoding: 'gbk' })
    const ours = (await getJson<Fc>('/api/v1/layers/points')).body
    expect(read.features.map((f) => [f.properties!.code, f.properties!.name, f.properties!.comm_code])).toEqual(
      ours.features.map((f) => [f.properties.code, f.properties.name, f.properties.community_code]),
    )
    for (const [k, f] of read.features.entries()) {
      const d = turf.distance((f.geometry as Point).coordinates, (ours.features[k].geometry as Point).coordinates, { units: 'meters' })
      expect(d).toBeLessThan(0.01)
    }
  })

  it('maps long field names to ten characters and keeps times as the API writes them (UTF-8)', async () => {
    const leader = await cookieOf('leader')
    const list = (await getJson<Fc>('/api/v1/issues?limit=50&category=flyposting', { headers: { cookie: leader } })).body
    const r = await download('/api/v1/exports/issues.shp.zip?category=flyposting', leader)
    expect(r.status).toBe(200)
    const zip = await JSZip.loadAsync(r.bytes)
    expect((await zip.file('issues.cpg')!.async('string')).trim().toUpperCase()).toMatch(/UTF-?8/)
    const read = await shapefile.read(await zip.file('issues.shp')!.async('uint8array'), await zip.file('issues.dbf')!.async('uint8array'), {
      encoding: 'utf-8',
    })
    for (const name of Object.keys(read.features[0].properties!)) expect(name.length).toBeLessThanOrEqual(10)
    const byId = new Map(read.features.map((f) => [Number(f.properties!.id), f.properties!]))
    for (const f of list.features) {
      const row = byId.get(Number(f.id))!
      expect(row, String(f.id)).toBeDefined()
      expect(row.cat_name).toBe(f.properties.category_name)
      expect(row.reported).toBe(f.properties.reported_at)
      expect(row.comm_code).toBe(f.properties.community_code)
    }
  })
})

describe('exports: bad input and a machine without GDAL', () => {
  it.each([
    ['/api/v1/exports/roads.gpkg', 404],
    ['/api/v1/exports/grids.kml', 404],
    ['/api/v1/exports/grids.gpkg?crs=EPSG:3857', 400],
    ['/api/v1/exports/grids.gpkg?category=clutter', 400],
    ['/api/v1/exports/grids.shp.zip?encoding=latin1', 400],
  ])('%s → %i', async (path, status) => {
    expect((await download(path, await cookieOf('leader'))).status).toBe(status)
  })

  it('answers 501 gdal_unavailable in Chinese when ogr2ogr is missing', async () => {
    const before = process.env.OGR2OGR
    process.env.OGR2OGR = '/nonexistent/ogr2ogr'
    try {
      const app = await testApp()
      const res = await app.request('/api/v1/exports/grids.gpkg')
      expect(res.status).toBe(501)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('gdal_unavailable')
      expect(body.error.message).toMatch(/GDAL/)
    } finally {
      if (before === undefined) delete process.env.OGR2OGR
      else process.env.OGR2OGR = before
    }
  })
})
