/** The area-analysis polygon: GeoJSON shape checked at the edge (400), validity and street in SQL (422). */
import type { Polygon } from 'geojson'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { badRequest, unprocessable } from '../errors.ts'

const CHECK = sql(import.meta.url, 'polygon-check.sql')

/** The most vertices an analysis polygon may have (all rings together). */
export const MAX_VERTICES = 1000

const position = z.array(z.number().finite()).min(2).max(3)
const crs84 = /^(urn:ogc:def:crs:(OGC:1\.3:CRS84|EPSG::4326)|EPSG:4326)$/i

/** A GeoJSON Polygon geometry (optionally with the legacy `crs` member, which must mean WGS 84). */
export const polygonShape = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position)).min(1).max(100),
  crs: z.object({ type: z.string(), properties: z.object({ name: z.string() }) }).optional(),
})

/** Structural checks Zod cannot express: WGS 84 lon/lat, closed rings, vertex limit. Throws 400. */
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
  return { type: 'Polygon', coordinates: p.coordinates.map((r) => r.map(([lon, lat]) => [lon, lat])) }
}

/** Checks validity and overlap with the street in PostGIS. Throws 422 with the reason. */
export async function checkInStreet(q: Queryable, street: number, p: Polygon): Promise<void> {
  const [r] = await q.query<{ valid: boolean; reason: string; inside: boolean | null }>(CHECK, [street, JSON.stringify(p)])
  if (!r.valid) throw unprocessable('invalid_geometry', `polygon: 几何无效 (${r.reason})`)
  if (!r.inside) throw unprocessable('outside_street', 'polygon: 与本街道不相交 (polygon does not intersect the street)')
}
