/**
 * Coordinate systems of a street's GIS files: which one a `.prj` names (WKT → EPSG), the user's
 * choice when there is none, and the transform to WGS84 (proj4 for CGCS2000 and its Gauss-Krüger
 * zones, gcoord for the Chinese web maps' GCJ-02 and BD-09).
 */
import gcoord from 'gcoord'
import proj4 from 'proj4'
import { unprocessable } from '../errors.ts'

/** A coordinate system we take: an EPSG code, or one of the two web-map systems. */
export type Crs = `EPSG:${number}` | 'gcj02' | 'bd09'

/** EPSG:4534 … 4554: CGCS2000 3-degree Gauss-Krüger, central meridian 75°E … 135°E, easting without zone. */
const CM_FIRST = 4534
/** EPSG:4513 … 4533: the same zones (25 … 45) with the zone number in front of the easting. */
const ZONE_FIRST = 4513

/** The central meridian of a 3-degree zone code (either series), or null when the code is none of them. */
export function centralMeridian(epsg: number): { cm: number; prefixed: boolean } | null {
  if (epsg >= CM_FIRST && epsg <= CM_FIRST + 20) return { cm: 75 + 3 * (epsg - CM_FIRST), prefixed: false }
  if (epsg >= ZONE_FIRST && epsg <= ZONE_FIRST + 20) return { cm: 75 + 3 * (epsg - ZONE_FIRST), prefixed: true }
  return null
}

/** The proj4 definition of a code we take, or null. CGCS2000's ellipsoid differs from GRS80 by 0.1 mm. */
function definition(epsg: number): string | null {
  if (epsg === 4326 || epsg === 4490) return '+proj=longlat +ellps=GRS80 +no_defs'
  const z = centralMeridian(epsg)
  if (!z) return null
  const x0 = z.prefixed ? (z.cm / 3) * 1_000_000 + 500_000 : 500_000
  return `+proj=tmerc +lat_0=0 +lon_0=${z.cm} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`
}

/** Parses a `crs` form value (`EPSG:4547`, `4547`, `gcj02`, `bd09`, `wgs84`, `cgcs2000`); null when empty. */
export function parseCrs(text: string | null | undefined): Crs | null {
  const t = (text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '')
  if (!t) return null
  if (t === 'gcj02' || t === '高德' || t === '腾讯') return 'gcj02'
  if (t === 'bd09' || t === '百度') return 'bd09'
  if (t === 'wgs84') return 'EPSG:4326'
  if (t === 'cgcs2000') return 'EPSG:4490'
  const m = /^(?:epsg:)?(\d{4,5})$/.exec(t)
  if (m && definition(Number(m[1]))) return `EPSG:${Number(m[1])}`
  throw unprocessable(
    'unsupported_crs',
    `crs: 不支持的坐标系"${text}"，可选 EPSG:4326 (WGS84)、EPSG:4490 (CGCS2000)、EPSG:4534–4554 (CGCS2000 3度带，长沙为 4547)、gcj02 (高德/腾讯)、bd09 (百度)`,
  )
}

const num = (wkt: string, name: string) => {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+]+)`, 'i').exec(wkt)
  return m ? Number(m[1]) : null
}

/**
 * The EPSG code a `.prj` (ESRI or OGC WKT) describes: an AUTHORITY tag when it has one, otherwise
 * datum, projection, central meridian and false easting. Throws 422 `unreadable_prj` with the reason
 * when it is not one we take (Xi'an 1980 and Beijing 1954 included: ask for CGCS2000).
 */
export function crsFromPrj(wkt: string): Crs {
  const text = wkt.trim()
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(text))
    throw unprocessable('unreadable_prj', '.prj 文件不是可识别的坐标系描述 (WKT)，请确认文件完整，或删去 .prj 并在页面上选择坐标系')
  const projected = /^PROJ/i.test(text)
  const top = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text) ?? /ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(text)
  if (top && definition(Number(top[1]))) return `EPSG:${Number(top[1])}`
  const upper = text.toUpperCase()
  const cgcs = /CHINA_2000|CHINA_GEODETIC_COORDINATE_SYSTEM_2000|CGCS\s*_?2000|CGCS2000/.test(upper)
  const wgs = /WGS_1984|WGS\s*84|WGS_84/.test(upper)
  if (/XIAN|XI'AN|BEIJING|1980|1954/.test(upper) && !cgcs)
    throw unprocessable(
      'unsupported_crs',
      '.prj 是西安80或北京54坐标系，本系统只接受 CGCS2000 或 WGS84：请让 GIS 部门导出 CGCS2000 (EPSG:4490 或 4547)',
    )
  if (!cgcs && !wgs) throw unprocessable('unreadable_prj', '.prj 中的大地基准无法识别（应为 CGCS2000 或 WGS84）')
  if (!projected) return cgcs ? 'EPSG:4490' : 'EPSG:4326'
  if (!/GAUSS|TRANSVERSE_MERCATOR|TRANSVERSE MERCATOR/.test(upper) || !cgcs)
    throw unprocessable('unsupported_crs', '.prj 是本系统不支持的投影坐标系，请导出 CGCS2000 经纬度 (EPSG:4490) 或 CGCS2000 3度带 (如 EPSG:4547)')
  const cm = num(text, 'Central_Meridian') ?? num(text, 'Longitude of natural origin')
  const fe = num(text, 'False_Easting') ?? num(text, 'False easting')
  if (cm === null || fe === null || (cm - 75) % 3 !== 0 || cm < 75 || cm > 135)
    throw unprocessable('unsupported_crs', `.prj 的中央经线 ${cm ?? '?'} 不是 CGCS2000 3度带，请导出 EPSG:4490 或 3度带坐标`)
  if (fe === 500_000) return `EPSG:${CM_FIRST + (cm - 75) / 3}`
  if (fe === (cm / 3) * 1_000_000 + 500_000) return `EPSG:${ZONE_FIRST + (cm - 75) / 3}`
  throw unprocessable('unsupported_crs', `.prj 的东偏移 ${fe} 与中央经线 ${cm} 不符`)
}

/** Whether the system's coordinates are metres (a Gauss-Krüger zone) rather than degrees. */
export const isProjected = (crs: Crs) => crs.startsWith('EPSG:') && centralMeridian(Number(crs.slice(5))) !== null

/** A function taking one position of `crs` to WGS84 lon/lat. */
export function toWgs84(crs: Crs): (p: number[]) => [number, number] {
  if (crs === 'gcj02' || crs === 'bd09') {
    const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09
    return (p) => gcoord.transform([p[0], p[1]], from, gcoord.WGS84) as [number, number]
  }
  const epsg = Number(crs.slice(5))
  if (epsg === 4326 || epsg === 4490) return (p) => [p[0], p[1]]
  const conv = proj4(definition(epsg)!, 'WGS84')
  return (p) => conv.forward([p[0], p[1]]) as [number, number]
}
