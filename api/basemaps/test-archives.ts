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

/**
 * A raster MBTiles of a GeoTIFF of known colours: `size` × `size` cells of `cell` degrees from [lon, lat]
 * (south-west corner), the western half pure red, the eastern half pure blue (RGB, by gdal_translate).
 */
export function twoColourMbtiles(lon: number, lat: number, cell = 0.0001, size = 64): Uint8Array {
  const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
  const band = (west: number, east: number) =>
    Array.from({ length: size }, () => Array.from({ length: size }, (_, c) => (c < size / 2 ? west : east)).join(' ')).join('\n')
  const bands = { r: band(255, 0), g: band(0, 0), b: band(0, 255) }
  for (const [k, cells] of Object.entries(bands))
    writeFileSync(join(dir, `${k}.asc`), `ncols ${size}\nnrows ${size}\nxllcorner ${lon}\nyllcorner ${lat}\ncellsize ${cell}\n${cells}\n`)
  execFileSync('gdalbuildvrt', ['-q', '-separate', join(dir, 'rgb.vrt'), ...['r', 'g', 'b'].map((k) => join(dir, `${k}.asc`))])
  execFileSync('gdal_translate', ['-q', '-of', 'GTiff', '-ot', 'Byte', '-a_srs', 'EPSG:4326', join(dir, 'rgb.vrt'), join(dir, 'rgb.tif')])
  execFileSync('gdal_translate', ['-q', '-of', 'MBTILES', join(dir, 'rgb.tif'), join(dir, 'c.mbtiles')])
  return new Uint8Array(readFileSync(join(dir, 'c.mbtiles')))
}

/** A vector MBTiles (z10–16) of a few named roads, water and buildings around [lon, lat], by ogr2ogr: one layer per kind. */
export function streetMbtiles(lon: number, lat: number): Uint8Array {
  const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
  const d = 0.004
  const road = (name: string, a: number[], b: number[]) => ({
    type: 'Feature',
    properties: { name },
    geometry: { type: 'LineString', coordinates: [a, b] },
  })
  const box = (name: string, x: number, y: number, w: number) => ({
    type: 'Feature',
    properties: { name },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + w, y],
          [x + w, y + w],
          [x, y + w],
          [x, y],
        ],
      ],
    },
  })
  const layers = {
    transportation: [road('芙蓉中路', [lon - d, lat], [lon + d, lat]), road('人民东路', [lon, lat - d], [lon, lat + d])],
    water: [box('月湖', lon + d / 4, lat + d / 4, d / 2)],
    building: [box('', lon - d / 2, lat - d / 2, d / 5), box('', lon - d / 2, lat + d / 5, d / 5)],
    place: [{ type: 'Feature', properties: { name: '文明社区' }, geometry: { type: 'Point', coordinates: [lon - d / 2, lat + d / 2] } }],
  }
  const files = Object.entries(layers).map(([k, features]) => {
    writeFileSync(join(dir, `${k}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }))
    return k
  })
  const out = join(dir, 's.mbtiles')
  // GDAL's MBTiles writer takes all layers in one go only from one multi-layer source: a VRT of the files
  const vrt = `<OGRVRTDataSource>${files.map((k) => `<OGRVRTLayer name="${k}"><SrcDataSource>${join(dir, `${k}.geojson`)}</SrcDataSource></OGRVRTLayer>`).join('')}</OGRVRTDataSource>`
  writeFileSync(join(dir, 's.vrt'), vrt)
  execFileSync('ogr2ogr', ['-f', 'MBTILES', out, join(dir, 's.vrt'), '-dsco', 'MINZOOM=10', '-dsco', 'MAXZOOM=16'])
  return new Uint8Array(readFileSync(out))
}
