/**
 * Files for the street-import tests, written independently of the code under test: rectangles laid
 * out in EPSG:4547 metres, Shapefiles written by GDAL's ogr2ogr, zips by JSZip, reference areas by
 * GDAL's projection and the shoelace formula. No database here: the browser tests use it too.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson'
import JSZip from 'jszip'

export type FC = FeatureCollection<Geometry, Record<string, unknown>>

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

/** smallStreet with two flaws: grid 2 reaches 3 m into grid 3 (600 m² overlap), grid 4 starts 2 m after grid 3 ends (400 m² gap). */
export function flawedStreet(x = 402_000, y = 3_120_000): ReturnType<typeof smallStreet> {
  const s = smallStreet(x, y)
  s.grids.features[1].geometry = rect(x + 100, y, 103, 200)
  s.grids.features[3].geometry = rect(x + 302, y, 98, 200)
  return s
}
