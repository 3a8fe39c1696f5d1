/**
 * The coordinate reference systems OGC API – Features Part 2 lets a client ask for (`crs`,
 * `bbox-crs`) and how each maps to PostGIS. Axis order is the CRS's own, as the standard says:
 * CRS84 is longitude, latitude; EPSG:4326 and EPSG:4490 are latitude, longitude; the CGCS2000
 * 3-degree Gauss-Krüger zones (EPSG:4545–4549, 4547 for 长沙) are northing, easting (X north, Y east).
 * PostGIS computes in x = east/longitude, y = north/latitude, so every CRS but CRS84 is flipped.
 */
import { badRequest } from '../errors.ts'

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'

export interface Crs {
  uri: string
  srid: number
  /** Whether the CRS's first axis is north (latitude or northing): coordinates are swapped on the wire. */
  flip: boolean
  /** Decimal places written: 7 for degrees (≈1 cm), 3 for metres (1 mm). */
  digits: number
  /** Geographic (degrees): a bbox may cross the antimeridian. */
  geographic: boolean
}

const epsg = (code: number): string => `http://www.opengis.net/def/crs/EPSG/0/${code}`

export const SUPPORTED: Crs[] = [
  { uri: CRS84, srid: 4326, flip: false, digits: 7, geographic: true },
  { uri: epsg(4326), srid: 4326, flip: true, digits: 7, geographic: true },
  { uri: epsg(4490), srid: 4490, flip: true, digits: 7, geographic: true },
  ...[4545, 4546, 4547, 4548, 4549].map((code) => ({ uri: epsg(code), srid: code, flip: true, digits: 3, geographic: false })),
]

/** The CRS a `crs` / `bbox-crs` value names (a URI; `EPSG:4547` and `[EPSG:4547]` are accepted too); 400 otherwise. */
export function crsOf(value: string | undefined, param: string): Crs {
  if (value === undefined) return SUPPORTED[0]
  const v = value.trim().replace(/^\[(.*)\]$/, '$1')
  const short = /^EPSG:(\d+)$/i.exec(v)
  const uri = short ? epsg(Number(short[1])) : v === 'CRS84' || v === 'OGC:CRS84' ? CRS84 : v.replace(/^https:/, 'http:')
  const found = SUPPORTED.find((c) => c.uri === uri)
  if (!found) throw badRequest('InvalidParameterValue', `${param}: 不支持的坐标系 ${value}（支持 ${SUPPORTED.map((c) => c.uri).join(', ')}）`)
  return found
}

/**
 * A bbox (4 or 6 numbers in the order of `crs`) as WKT in x = east, y = north, densified so the
 * edges stay edges after reprojection; a geographic bbox whose west edge lies east of its east edge
 * crosses the antimeridian and becomes two boxes. 400 when the numbers cannot be a bbox.
 */
export function bboxWkt(value: string, crs: Crs): string {
  const n = value.split(',').map((s) => Number(s.trim()))
  if ((n.length !== 4 && n.length !== 6) || !n.every(Number.isFinite)) throw badRequest('InvalidParameterValue', 'bbox: 应为 4 个或 6 个数值')
  const [a1, b1, a2, b2] = n.length === 4 ? n : [n[0], n[1], n[3], n[4]]
  const [x1, y1, x2, y2] = crs.flip ? [b1, a1, b2, a2] : [a1, b1, a2, b2]
  if (y1 > y2) throw badRequest('InvalidParameterValue', 'bbox: 南边界大于北边界 (min > max)')
  if (crs.geographic) {
    if (y1 < -90 || y2 > 90 || x1 < -180 || x1 > 180 || x2 < -180 || x2 > 180) throw badRequest('InvalidParameterValue', 'bbox: 经纬度超出范围')
    if (x1 > x2) return `MULTIPOLYGON(${box(x1, y1, 180, y2)},${box(-180, y1, x2, y2)})`
  } else if (x1 > x2) throw badRequest('InvalidParameterValue', 'bbox: 西边界大于东边界 (min > max)')
  return `MULTIPOLYGON(${box(x1, y1, x2, y2)})`
}

/** One box as a WKT polygon ring with 16 segments a side. */
function box(x1: number, y1: number, x2: number, y2: number): string {
  const pts: [number, number][] = []
  const edge = (ax: number, ay: number, bx: number, by: number) => {
    for (let k = 0; k < 16; k++) pts.push([ax + ((bx - ax) * k) / 16, ay + ((by - ay) * k) / 16])
  }
  edge(x1, y1, x2, y1)
  edge(x2, y1, x2, y2)
  edge(x2, y2, x1, y2)
  edge(x1, y2, x1, y1)
  pts.push([x1, y1])
  return `((${pts.map(([x, y]) => `${x} ${y}`).join(',')}))`
}
