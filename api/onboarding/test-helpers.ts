/**
 * Inputs of the street-import tests, written independently of the code under test: GeoJSON built
 * here (the 东塘 fixture's geometry moved beside the street, or rectangles laid out in EPSG:4547
 * metres), Shapefiles written by GDAL's ogr2ogr, zips by JSZip.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import JSZip from 'jszip'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { openPglite } from '../../db/pglite.ts'
import { copyTemplate } from '../../db/testing/global-setup.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf, type Json } from '../issues/test-helpers.ts'
import type { Db } from '../../db/adapter.ts'

export type FC = FeatureCollection<Geometry, Record<string, unknown>>

/** Moves every position by (dx, dy) degrees. */
export function shift<G extends Geometry>(g: G, dx: number, dy = 0): G {
  const walk = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number' ? [(c as number[])[0] + dx, (c as number[])[1] + dy] : (c as unknown[]).map(walk)
  return { ...g, coordinates: walk((g as Polygon).coordinates) } as G
}

/** The 东塘 layers moved `dx` degrees east, recoded for street `code` (its communities code + 3, grids + 2). */
export function dongtangBeside(code: string, dx = 0.03): { boundary: FC; communities: FC; grids: FC } {
  const d = dongtang()
  const fc = (features: Feature<Geometry, Record<string, unknown>>[]): FC => ({ type: 'FeatureCollection', features })
  return {
    boundary: fc([{ type: 'Feature', properties: { 名称: '测试街道' }, geometry: shift(d.street.boundary, dx) }]),
    communities: fc(
      d.communities.map((c) => ({
        type: 'Feature',
        properties: { 社区编码: code + c.code.slice(9), 社区名称: c.name },
        geometry: shift(c.geom, dx),
      })),
    ),
    grids: fc(
      d.grids.map((g) => ({
        type: 'Feature',
        properties: {
          网格编码: code + g.code.slice(9),
          网格名称: g.name,
          所属社区: code + g.community_code.slice(9),
          网格员: g.manager_name,
          电话: g.manager_phone,
        },
        geometry: shift(g.geom, dx),
      })),
    ),
  }
}

/** A rectangle in EPSG:4547 metres, (x, y) its south-west corner. */
export const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ],
})

/** Runs ogr2ogr on `fc` (in `srs`) and returns the Shapefile's parts zipped; `drop` leaves parts out. */
export async function shapefileZip(
  fc: FC,
  opts: { srs: string; toSrs?: string; encoding?: string; drop?: string[]; prj?: string },
): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'cgm-shp-'))
  try {
    writeFileSync(join(dir, 'in.geojson'), JSON.stringify(fc))
    execFileSync('ogr2ogr', [
      '-f',
      'ESRI Shapefile',
      '-s_srs',
      opts.srs,
      '-t_srs',
      opts.toSrs ?? opts.srs,
      '-lco',
      `ENCODING=${opts.encoding ?? 'UTF-8'}`,
      '-nlt',
      'PROMOTE_TO_MULTI',
      join(dir, 'layer.shp'),
      join(dir, 'in.geojson'),
    ])
    const zip = new JSZip()
    for (const f of readdirSync(dir)) {
      if (!f.startsWith('layer.') || opts.drop?.some((ext) => f.endsWith(ext))) continue
      zip.file(f, f.endsWith('.prj') && opts.prj !== undefined ? opts.prj : readFileSync(join(dir, f)))
    }
    return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Each feature's planar area (m²) in EPSG:4547, projected by GDAL (ogr2ogr), by the shoelace formula. */
export function areas4547(fc: FC, srs = 'EPSG:4326'): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'cgm-area-'))
  try {
    writeFileSync(join(dir, 'in.geojson'), JSON.stringify(fc))
    execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-s_srs', srs, '-t_srs', 'EPSG:4547', join(dir, 'out.geojson'), join(dir, 'in.geojson')])
    const out = JSON.parse(readFileSync(join(dir, 'out.geojson'), 'utf8')) as FC
    const shoelace = (r: Position[]) => Math.abs(r.reduce((s, p, k) => s + (k ? r[k - 1][0] * p[1] - p[0] * r[k - 1][1] : 0), 0)) / 2
    const poly = (rings: Position[][]) => shoelace(rings[0]) - rings.slice(1).reduce((s, r) => s + shoelace(r), 0)
    return out.features.map((f) => {
      const g = f.geometry as Polygon | MultiPolygon
      return g.type === 'Polygon' ? poly(g.coordinates) : g.coordinates.reduce((s, p) => s + poly(p), 0)
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A FeatureCollection as the bytes of a .geojson file. */
export const geojson = (fc: FC) => new TextEncoder().encode(JSON.stringify(fc))

export type Parts = Record<string, Uint8Array | string | [Uint8Array, string]>

/** POSTs the import form; returns status and JSON. */
export async function postImport(parts: Parts, query = '?dry_run=1', own = false) {
  const a = own ? await ownApp() : await testApp()
  const cookie = own ? await ownCookie() : await cookieOf('admin')
  const form = new FormData()
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === 'string') form.append(k, v)
    else if (Array.isArray(v)) form.append(k, new File([new Uint8Array(v[0])], v[1]))
    else form.append(k, new File([new Uint8Array(v)], `${k}.geojson`))
  }
  const res = await a.request(`/api/v1/admin/streets/import${query}`, { method: 'POST', body: form, headers: { cookie } })
  return { status: res.status, body: (await res.json()) as Json }
}

let privateDb: Promise<Db> | undefined

/** A database of this test file's own (a PGlite copy of the template): committed streets stay out of the shared one. */
export function ownDb(): Promise<Db> {
  privateDb ??= copyTemplate(process.env.CGM_PGLITE_TEMPLATE!).then((dir) => openPglite(dir))
  return privateDb
}

/** An app over ownDb(). */
export async function ownApp() {
  const db = await ownDb()
  return buildApp({ db, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
}

let own: Promise<string> | undefined

/** The admin's session cookie on ownDb(). */
export function ownCookie(): Promise<string> {
  own ??= ownApp().then(async (app) => {
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    })
    return res.headers.get('set-cookie')!.split(';')[0]
  })
  return own
}

/** Positions of a polygon's outer ring. */
export const ring = (g: Polygon): Position[] => g.coordinates[0]

/** A small street in EPSG:4547 metres (GeoJSON naming its CRS the old way): 400 × 200 m, two communities, four grids. */
export function smallStreet(x = 402_000, y = 3_120_000): { boundary: FC; communities: FC; grids: FC } {
  const fc = (features: { p: Record<string, unknown>; g: Polygon }[]): FC =>
    ({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
      features: features.map((f) => ({ type: 'Feature', properties: f.p, geometry: f.g })),
    }) as FC
  return {
    boundary: fc([{ p: {}, g: rect(x, y, 400, 200) }]),
    communities: fc([
      { p: { name: '甲社区' }, g: rect(x, y, 200, 200) },
      { p: { name: '乙社区' }, g: rect(x + 200, y, 200, 200) },
    ]),
    grids: fc([0, 1, 2, 3].map((k) => ({ p: { name: `网格${k + 1}` }, g: rect(x + 100 * k, y, 100, 200) }))),
  }
}
