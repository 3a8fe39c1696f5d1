/** Test archives made with Debian's GDAL from data the test writes, and read back with the sqlite3 CLI. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

/** A raster MBTiles (PNG, z10–11 plus overviews) of a 64 × 64 grey ramp GeoTIFF at [lon, lat] (its south-west corner). */
export function rasterMbtiles(lon: number, lat: number): Uint8Array {
  const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
  const cells = Array.from({ length: 64 }, (_, r) => Array.from({ length: 64 }, (_, c) => (r * 4 + c) % 256).join(' ')).join('\n')
  writeFileSync(join(dir, 'g.asc'), `ncols 64\nnrows 64\nxllcorner ${lon}\nyllcorner ${lat}\ncellsize 0.0005\n${cells}\n`)
  execFileSync('gdal_translate', ['-q', '-of', 'GTiff', '-ot', 'Byte', '-a_srs', 'EPSG:4326', join(dir, 'g.asc'), join(dir, 'g.tif')])
  execFileSync('gdal_translate', ['-q', '-of', 'MBTILES', join(dir, 'g.tif'), join(dir, 'r.mbtiles')])
  return new Uint8Array(readFileSync(join(dir, 'r.mbtiles')))
}

/** A vector MBTiles (gzipped MVT, z0–12) of one named point, by ogr2ogr. */
export function vectorMbtiles(lon: number, lat: number): Uint8Array {
  const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
  const fc = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: '测试点' }, geometry: { type: 'Point', coordinates: [lon, lat] } }],
  }
  writeFileSync(join(dir, 'v.geojson'), JSON.stringify(fc))
  execFileSync('ogr2ogr', ['-f', 'MBTILES', join(dir, 'v.mbtiles'), join(dir, 'v.geojson'), '-dsco', 'MAXZOOM=12'])
  return new Uint8Array(readFileSync(join(dir, 'v.mbtiles')))
}

/** Every tile of an archive as `z/x/y` (XYZ rows) → hex of its bytes, read by the sqlite3 command-line tool. */
export function tilesBySqlite3(bytes: Uint8Array): Map<string, string> {
  const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
  writeFileSync(join(dir, 'a.mbtiles'), bytes)
  const out = execFileSync(
    'sqlite3',
    [join(dir, 'a.mbtiles'), 'SELECT zoom_level, tile_column, (1 << zoom_level) - 1 - tile_row, hex(tile_data) FROM tiles'],
    { maxBuffer: 1 << 26 },
  )
  return new Map(
    out
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split('|'))
      .map(([z, x, y, hex]) => [`${z}/${x}/${y}`, hex.toLowerCase()]),
  )
}
