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

/** The PMTiles v3 tile id of z/x/y: tiles of lower zooms first, then the Hilbert curve index (spec, written out here). */
export function hilbertTileId(z: number, x: number, y: number): number {
  const n = 2 ** z
  let d = 0
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (x & s) > 0 ? 1 : 0
    const ry = (y & s) > 0 ? 1 : 0
    d += s * s * ((3 * rx) ^ ry)
    if (ry === 0) {
      if (rx === 1) [x, y] = [n - 1 - x, n - 1 - y]
      ;[x, y] = [y, x]
    }
  }
  return (4 ** z - 1) / 3 + d
}

const varint = (out: number[], v: number) => {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
}

/**
 * A PMTiles v3 archive (uncompressed directories, one root directory) of the tiles of an MBTiles
 * archive as the sqlite3 CLI reads them, with the MBTiles metadata `json` as its metadata. A small
 * writer of the spec for tests: GDAL 3.6 has no PMTiles driver.
 */
export function pmtilesFromMbtiles(mbtiles: Uint8Array, tileType: 1 | 2 | 3 | 4, tileCompression: 1 | 2): Uint8Array {
  const tiles = [...tilesBySqlite3(mbtiles)].map(([zxy, hex]) => {
    const [z, x, y] = zxy.split('/').map(Number)
    return { id: hilbertTileId(z, x, y), z, data: Buffer.from(hex, 'hex') }
  })
  tiles.sort((a, b) => a.id - b.id)
  const dir = join(mkdtempSync(join(os.tmpdir(), 'cgm-pmtiles-')), 'a.mbtiles')
  writeFileSync(dir, mbtiles)
  const json = execFileSync('sqlite3', [dir, "SELECT value FROM metadata WHERE name = 'json'"]).toString().trim()
  const metadata = Buffer.from(json || '{}')
  const d: number[] = []
  varint(d, tiles.length)
  let last = 0
  for (const t of tiles) {
    varint(d, t.id - last)
    last = t.id
  }
  for (const _ of tiles) varint(d, 1)
  for (const t of tiles) varint(d, t.data.length)
  let offset = 0
  for (const t of tiles) {
    varint(d, offset + 1)
    offset += t.data.length
  }
  const root = Buffer.from(d)
  const data = Buffer.concat(tiles.map((t) => t.data))
  const h = Buffer.alloc(127)
  h.write('PMTiles', 0, 'ascii')
  h[7] = 3
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at)
  u64(8, 127)
  u64(16, root.length)
  u64(24, 127 + root.length)
  u64(32, metadata.length)
  u64(40, 127 + root.length + metadata.length)
  u64(48, 0)
  u64(56, 127 + root.length + metadata.length)
  u64(64, data.length)
  u64(72, tiles.length)
  u64(80, tiles.length)
  u64(88, tiles.length)
  h[96] = 1 // clustered
  h[97] = 1 // internal compression: none
  h[98] = tileCompression
  h[99] = tileType
  h[100] = Math.min(...tiles.map((t) => t.z))
  h[101] = Math.max(...tiles.map((t) => t.z))
  h.writeInt32LE(-1800000000, 102)
  h.writeInt32LE(-850000000, 106)
  h.writeInt32LE(1800000000, 110)
  h.writeInt32LE(850000000, 114)
  h[118] = h[100]
  return new Uint8Array(Buffer.concat([h, root, metadata, data]))
}
