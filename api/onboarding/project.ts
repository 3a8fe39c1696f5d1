/**
 * Each layer's coordinate system decided (its .prj, else the user's choice, else GeoJSON's WGS84),
 * checked for the commonest mistakes (x/y swapped, metres read as degrees, a zone number in the
 * easting, the wrong zone) and every geometry taken to WGS84.
 */
import type { Geometry, Position } from 'geojson'
import { unprocessable } from '../errors.ts'
import { centralMeridian, crsFromPrj, isProjected, parseCrs, toWgs84, type Crs } from './crs.ts'
import type { RawLayer } from './read.ts'

type Box = [number, number, number, number]

/** The bounding box of all positions of a layer (in its own coordinates). */
export function boxOf(geoms: (Geometry | null)[]): Box | null {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity]
  const walk = (c: unknown) => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0])
      b[1] = Math.min(b[1], c[1] as number)
      b[2] = Math.max(b[2], c[0])
      b[3] = Math.max(b[3], c[1] as number)
    } else c.forEach(walk)
  }
  for (const g of geoms) if (g && g.type !== 'GeometryCollection') walk(g.coordinates)
  return Number.isFinite(b[0]) ? b : null
}

/** The layer's system: .prj first, then a GeoJSON's legacy crs name, then the user's, then WGS84 for GeoJSON. */
export function layerCrs(label: string, layer: RawLayer, chosen: Crs | null, zipped: boolean): { crs: Crs; from: 'prj' | 'user' | 'default' } {
  if (layer.prj !== undefined && zipped) return { crs: crsFromPrj(layer.prj), from: 'prj' }
  // a GeoJSON's legacy `crs` member: urn:ogc:def:crs:EPSG::4490, EPSG:4547 or OGC CRS84
  const legacy = /EPSG:{1,2}(\d+)$/i.exec(layer.prj ?? '')
  if (legacy) return { crs: parseCrs(`EPSG:${legacy[1]}`)!, from: 'prj' }
  if (chosen) return { crs: chosen, from: 'user' }
  if (zipped) throw unprocessable('crs_required', `${label}: Shapefile 没有 .prj 文件，请在页面上选择坐标系（长沙的 3度带为 EPSG:4547）`)
  return { crs: 'EPSG:4326', from: 'default' }
}

const inChina = (b: Box) => b[0] >= 73 && b[2] <= 136 && b[1] >= 3 && b[3] <= 54

/**
 * Refuses coordinates that cannot be in the declared system, saying which mistake it looks like.
 * `box` is in the layer's own coordinates.
 */
export function sanity(label: string, crs: Crs, box: Box) {
  const [x0, y0, x1, y1] = box
  if (isProjected(crs)) {
    const z = centralMeridian(Number(crs.slice(5)))!
    if (Math.abs(x1) <= 180 && Math.abs(y1) <= 90)
      throw unprocessable('crs_mismatch', `${label}: 坐标是经纬度（度），但坐标系是投影坐标 ${crs}（米）；请选择 EPSG:4490 或 EPSG:4326`)
    if (x0 > 1_000_000 && y1 < 1_000_000)
      throw unprocessable(
        'swapped_xy',
        `${label}: X 与 Y 似乎互换了（东坐标约 ${Math.round(y0)}，北坐标约 ${Math.round(x0)}）：请在 GIS 软件中交换 X/Y 后重新导出`,
      )
    if (!z.prefixed && x0 > 10_000_000) {
      const zone = Math.floor(x0 / 1_000_000)
      throw unprocessable(
        'wrong_zone',
        `${label}: 东坐标带有带号 ${zone}（如 ${Math.round(x0)}），应选 EPSG:${4513 + zone - 25}（带号坐标），而不是 ${crs}`,
      )
    }
    if (z.prefixed && x1 < 1_000_000)
      throw unprocessable(
        'wrong_zone',
        `${label}: 东坐标不带带号（如 ${Math.round(x0)}），应选中央经线坐标 EPSG:${4534 + (z.cm - 75) / 3}，而不是 ${crs}`,
      )
  } else {
    if (x0 >= 3 && x1 <= 54 && y0 >= 73 && y1 <= 136)
      throw unprocessable('swapped_xy', `${label}: 经度与纬度似乎互换了（经度约 ${y0.toFixed(2)}，纬度约 ${x0.toFixed(2)}），请交换后重新导出`)
    if (Math.abs(x0) > 180 || Math.abs(y0) > 90)
      throw unprocessable('crs_mismatch', `${label}: 坐标是米制的投影坐标（如 ${Math.round(x0)}），请选择 3度带坐标系（长沙为 EPSG:4547）`)
  }
}

const mapPositions = (g: Geometry, f: (p: Position) => Position): Geometry => {
  const walk = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? f(c as Position) : (c as unknown[]).map(walk))
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => mapPositions(x, f)) }
  return { ...g, coordinates: walk(g.coordinates) } as Geometry
}

/** The layer in WGS84, after the checks; 422 when it lands outside China. */
export function project(label: string, layer: RawLayer, crs: Crs): { geoms: (Geometry | null)[]; box: Box | null } {
  const box = boxOf(layer.features.map((f) => f.geometry))
  if (!box) return { geoms: layer.features.map(() => null), box: null }
  sanity(label, crs, box)
  const f = toWgs84(crs)
  const geoms = layer.features.map((x) => (x.geometry ? mapPositions(x.geometry, (p) => f(p)) : null))
  const out = boxOf(geoms)!
  if (!inChina(out))
    throw unprocessable(
      'outside_china',
      `${label}: 按 ${crs} 换算后位于中国境外（经度 ${out[0].toFixed(2)}–${out[2].toFixed(2)}，纬度 ${out[1].toFixed(2)}–${out[3].toFixed(2)}），坐标系可能选错`,
    )
  return { geoms, box: out }
}

/** Whether two WGS84 boxes come within `marginDeg` of each other. */
export const near = (a: Box, b: Box, marginDeg = 0.01) =>
  a[0] <= b[2] + marginDeg && b[0] <= a[2] + marginDeg && a[1] <= b[3] + marginDeg && b[1] <= a[3] + marginDeg

/** For a layer far from the boundary: the neighbouring zone of the same series that would bring it there, if any. */
export function betterZone(layer: RawLayer, crs: Crs, target: Box): Crs | null {
  const z = isProjected(crs) ? centralMeridian(Number(crs.slice(5))) : null
  if (!z) return null
  const code = Number(crs.slice(5))
  for (const d of [-2, -1, 1, 2]) {
    const other = `EPSG:${code + d}` as Crs
    const oz = centralMeridian(code + d)
    if (!oz || oz.prefixed !== z.prefixed) continue
    const f = toWgs84(other)
    const box = boxOf(layer.features.map((x) => (x.geometry ? mapPositions(x.geometry, (p) => f(p)) : null)))
    if (box && near(box, target)) return other
  }
  return null
}
