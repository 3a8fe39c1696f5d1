/**
 * /ogc read by a client no one on the team wrote: GDAL's OAPIF driver (Debian's gdal-bin), the
 * library QGIS reads OGC API – Features with. Copies go to GeoPackage and are read back by GDAL;
 * counts, codes and areas are compared with our own /api/v1 layers through Turf.
 */
import * as turf from '@turf/turf'
import type { FeatureCollection } from 'geojson'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { serveTestApp } from '../stream/test-server.ts'
import { cookieOf } from '../issues/test-helpers.ts'

const run = promisify(execFile)
type Fc = FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>

let server: Awaited<ReturnType<typeof serveTestApp>>
let dir: string
let base: string

beforeAll(async () => {
  server = await serveTestApp()
  base = `http://127.0.0.1:${server.port}/ogc`
  dir = await mkdtemp(join(tmpdir(), 'cgm-ogc-'))
})
afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Runs a GDAL tool (async, so this process keeps serving the requests GDAL makes). */
async function gdal(tool: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(tool, args, {
    env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_VSIL_CURL_CACHE_SIZE: '0', ...env },
    maxBuffer: 256 * 1024 * 1024,
  })
  return stdout
}

/** A GeoPackage layer read back as GeoJSON by GDAL. */
async function readBack(file: string, layer: string): Promise<Fc> {
  return JSON.parse(await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, layer])) as Fc
}

/** A file GDAL reads HTTP headers from (GDAL_HTTP_HEADER_FILE): how a QGIS user would pass a session or a token. */
async function headerFile(name: string, cookie: string): Promise<string> {
  const file = join(dir, `${name}.headers`)
  await writeFile(file, `Cookie: ${cookie}\n`)
  return file
}

describe('GDAL OAPIF as the client of /ogc', () => {
  it('ogrinfo lists the six collections', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${base}`])
    for (const id of ['boundary', 'communities', 'grids', 'points', 'bike_zones', 'issues']) expect(out).toMatch(new RegExp(`\\b${id}\\b`))
  })

  it('ogr2ogr copies every public layer to GeoPackage with the same codes and areas as our layers', async () => {
    for (const [id, layer] of [
      ['boundary', 'boundary'],
      ['communities', 'communities'],
      ['grids', 'grids'],
      ['points', 'points'],
      ['bike_zones', 'bike-zones'],
    ]) {
      const file = join(dir, `${id}.gpkg`)
      await gdal('ogr2ogr', ['-f', 'GPKG', file, `OAPIF:${base}`, id])
      const copy = await readBack(file, id)
      const ours = (await getJson<Fc>(`/api/v1/layers/${layer}`)).body
      expect(copy.features.length, id).toBe(ours.features.length)
      const byCode = new Map(ours.features.map((f) => [f.properties.code, f]))
      for (const f of copy.features) {
        const mine = byCode.get(f.properties.code)
        expect(mine, `${id} ${String(f.properties.code)}`).toBeDefined()
        if (f.geometry.type !== 'Point') {
          const [a, b] = [turf.area(f), turf.area(mine!)]
          expect(Math.abs(a - b) / b, `${id} ${String(f.properties.code)} area`).toBeLessThan(1e-4)
        } else expect(turf.distance(f.geometry.coordinates, (mine!.geometry as GeoJSON.Point).coordinates, { units: 'meters' })).toBeLessThan(0.01)
      }
    }
  })

  it("issues: -spat gives exactly the issues inside the box (brute force) through a signed-in reader's header; a grid manager's copy holds their issues only", async () => {
    const leader = await cookieOf('leader')
    const [x1, y1, x2, y2] = turf.bbox((await getJson<Fc>('/api/v1/layers/boundary')).body)
    const box = [x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3, x1 + (x2 - x1) * 0.6, y1 + (y2 - y1) * 0.6]
    // Expected by brute force over every issue: /issues?bbox tests PostGIS's float4 bounding boxes
    // (&&), which may take in a point up to about a metre outside the box; the standard's bbox is exact.
    const all = (await getJson<Fc>('/api/v1/issues?limit=5000', { headers: { cookie: leader } })).body
    expect(all.features.length).toBeLessThan(5000)
    const inBox = all.features.filter((f) => {
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates
      return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]
    })
    expect(inBox.length).toBeGreaterThan(20)
    const file = join(dir, 'issues.gpkg')
    await gdal('ogr2ogr', ['-f', 'GPKG', file, `OAPIF:${base}`, 'issues', '-spat', ...box.map(String)], {
      GDAL_HTTP_HEADER_FILE: await headerFile('leader', leader),
    })
    const copy = await readBack(file, 'issues')
    expect(copy.features.map((f) => Number(f.properties.id)).sort((a, b) => a - b)).toEqual(inBox.map((f) => Number(f.id)).sort((a, b) => a - b))

    const gm = await cookieOf('grid01')
    const mine = (await getJson<Fc>('/api/v1/issues?limit=5000', { headers: { cookie: gm } })).body
    expect(mine.features.length).toBeLessThan(5000)
    const gmFile = join(dir, 'gm.gpkg')
    await gdal('ogr2ogr', ['-f', 'GPKG', gmFile, `OAPIF:${base}`, 'issues'], { GDAL_HTTP_HEADER_FILE: await headerFile('gm', gm) })
    const gmCopy = await readBack(gmFile, 'issues')
    expect(gmCopy.features.map((f) => Number(f.properties.id)).sort((a, b) => a - b)).toEqual(
      mine.features.map((f) => Number(f.id)).sort((a, b) => a - b),
    )
  })
})
