/** The area-analysis polygon: GeoJSON shape checked at the edge (400), validity and street in SQL (422). */
import type { MultiPolygon, Polygon } from 'geojson'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { badRequest, unprocessable } from '../errors.ts'
import { single } from '../../db/single.ts'
import { atVersion, type Budget } from '../cache/memo.ts'
import { digestOf } from '../cache/store.ts'

const CHECK = sql(import.meta.url, 'polygon-check.sql')

/** The most vertices an analysis polygon may have (all rings together). */
export const MAX_VERTICES = 1000

/**
 * How far beyond the street's bounding box (degrees, ~500 m) a polygon is kept: it is clipped to
 * that box before anything else, so its size, not the street's, never sets the cost.
 */
export const CLIP_MARGIN_DEG = 0.005

/** The smallest area (m²) a polygon, and its part of the street, may have: less is a line or a point. */
export const MIN_AREA_M2 = 1

const position = z.array(z.number().finite()).min(2).max(3)
const crs84 = /^(urn:ogc:def:crs:(OGC:1\.3:CRS84|EPSG::4326)|EPSG:4326)$/i

/** A GeoJSON Polygon geometry (optionally with the legacy `crs` member, which must mean WGS 84). */
export const polygonShape = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position)).min(1).max(100),
  crs: z.object({ type: z.string(), properties: z.object({ name: z.string() }) }).optional(),
})

/**
 * An edge spanning more than 180° of longitude means the other way round the globe (RFC 7946
 * §3.1.9 asks for such polygons to be cut at the 180° meridian); along a pole it is a point.
 */
const crossesAntimeridian = (ring: number[][]) =>
  ring.some(([lon, lat], k) => k > 0 && Math.abs(lon - ring[k - 1][0]) > 180 && !(Math.abs(lat) === 90 && ring[k - 1][1] === lat))

/** Structural checks Zod cannot express: WGS 84 lon/lat, closed rings, vertex limit (400), 180° meridian (422). */
export function checkShape(p: z.infer<typeof polygonShape>): Polygon {
  if (p.crs && !crs84.test(p.crs.properties.name)) {
    throw badRequest('wrong_crs', `polygon: 坐标系必须为 WGS 84 经纬度 (CRS must be EPSG:4326, got ${p.crs.properties.name})`)
  }
  let vertices = 0
  for (const [k, ring] of p.coordinates.entries()) {
    if (ring.some(([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 90)) {
      throw badRequest('wrong_crs', `polygon: 坐标超出经纬度范围，须为 WGS 84 (coordinates must be EPSG:4326 lon/lat)`)
    }
    if (ring.length < 4) throw badRequest('invalid_polygon', `polygon: 第 ${k + 1} 个环少于 4 个点 (ring ${k} has fewer than 4 positions)`)
    const [a, b] = [ring[0], ring[ring.length - 1]]
    if (a[0] !== b[0] || a[1] !== b[1]) throw badRequest('open_ring', `polygon: 第 ${k + 1} 个环未闭合 (ring ${k} is not closed)`)
    vertices += ring.length - 1
  }
  if (vertices > MAX_VERTICES) {
    throw badRequest('too_many_vertices', `polygon: 顶点数 ${vertices} 超过 ${MAX_VERTICES} (too many vertices)`)
  }
  if (p.coordinates.some(crossesAntimeridian)) {
    throw unprocessable(
      'invalid_geometry',
      'polygon: 有边跨越 180° 经线，请在该经线处拆分 (an edge crosses the 180° meridian; split the polygon there)',
    )
  }
  return { type: 'Polygon', coordinates: p.coordinates.map((r) => r.map(([lon, lat]) => [lon, lat])) }
}

type Check = { valid: boolean; reason: string; degenerate: boolean | null; inside_m2: number; shape: string | null }

/** Checks kept per shape version: up to 4 MB of them (each about its clipped shape's hex). */
const CHECKS_KEPT: Budget<Check> = { store: 'polygon-checks', maxBytes: 4 * 2 ** 20, bytes: (c) => 64 + (c.shape?.length ?? 0) }

/** The check's one row (polygon-check.sql). */
async function check(q: Queryable, street: number, text: string): Promise<Check> {
  const rows = await q.query<Check>(CHECK, [street, text, CLIP_MARGIN_DEG, MIN_AREA_M2]).catch((err: Error) => {
    // PostgreSQL raises what GEOS could not compute (XX000 "GEOS Error: …"): the polygon's fault.
    if (/GEOS|TopologyException/.test(err.message))
      throw unprocessable('invalid_geometry', 'polygon: PostGIS 无法处理该多边形 (the geometry engine failed on it)')
    throw err
  })
  // No row at all: the engine dropped an error (PGlite does so for GEOS's). The query's own checks
  // keep every overlay away from invalid and degenerate polygons, so this is the engine's failure.
  return single(rows, 'polygon check')
}

/** A polygon that passed checkInStreet, clipped to the street's box (hex EWKB): the only input analyseArea takes. */
export type CheckedShape = string & { readonly __checked: unique symbol }

/**
 * Checks validity, area and overlap with the street in PostGIS (422 with the reason) and returns
 * the polygon clipped to the street's box (hex EWKB), the shape every later query reads.
 */
export async function checkInStreet(q: Queryable, street: number, p: Polygon | MultiPolygon): Promise<CheckedShape> {
  const text = JSON.stringify(p)
  // The check reads the polygon and the street's boundary alone: kept per shape version, so the wall's
  // area, analysed again after every report, is not validated and clipped again each time.
  const r = await atVersion(q, `analysis/polygon ${street} ${digestOf(text)}`, () => check(q, street, text), CHECKS_KEPT)
  if (!r.valid) throw unprocessable('invalid_geometry', `polygon: 几何无效 (${r.reason})`)
  if (r.degenerate) throw unprocessable('invalid_geometry', `polygon: 面积不足 ${MIN_AREA_M2} m²，各点共线或重合 (degenerate: no area)`)
  if (!r.shape || r.inside_m2 < MIN_AREA_M2) {
    throw unprocessable('outside_street', 'polygon: 与本街道不相交 (polygon does not intersect the street)')
  }
  return r.shape as CheckedShape
}
