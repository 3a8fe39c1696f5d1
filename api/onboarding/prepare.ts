/**
 * The uploaded files made into WGS84 layers before anything touches the database: each read, its
 * coordinate system decided and sanity-checked, its geometry type checked, and every layer required
 * to lie on the boundary (a wrong zone lands a layer hundreds of kilometres away: say which zone fits).
 */
import type { Geometry } from 'geojson'
import { unprocessable } from '../errors.ts'
import { toWgs84 as pointToWgs84 } from '../issues/create.ts'
import { findHeader } from '../imports/columns.ts'
import { POINT_FIELDS } from '../imports/points.ts'
import { coordsOf, dataRows } from '../imports/rows.ts'
import { readTable } from '../imports/upload.ts'
import type { Layer } from './attributes.ts'
import type { Crs } from './crs.ts'
import { MAX_FEATURES, MAX_TOTAL_VERTICES } from './limits.ts'
import { betterZone, boxOf, layerCrs, near, project } from './project.ts'
import { readLayer, vertexCount, type RawLayer } from './read.ts'
import type { Problem } from './report.ts'

/** An uploaded file of one form field. */
export interface Upload {
  name: string
  bytes: Uint8Array
}

export interface Prepared {
  props: Record<string, unknown>[]
  geoms: (Geometry | null)[]
  crs: Crs
}

export const LABEL: Record<Layer, string> = { boundary: '街道边界', communities: '社区', grids: '网格', points: '点位' }

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
const POLYGONAL = new Set(['Polygon', 'MultiPolygon'])

/** Reads and projects one polygon layer; 422 when it is empty or holds no polygons. */
async function polygonLayer(layer: Layer, file: Upload, chosen: Crs | null): Promise<Prepared & { raw: RawLayer }> {
  const label = LABEL[layer]
  const raw = await readLayer(label, file.name, file.bytes)
  if (raw.features.length === 0) throw unprocessable('empty_layer', `${label}: 文件中没有任何要素`)
  const kinds = new Set(raw.features.map((f) => f.geometry?.type ?? '空'))
  if (![...kinds].some((k) => POLYGONAL.has(k)))
    throw unprocessable('wrong_geometry', `${label}: 应为面（多边形）图层，文件中是 ${[...kinds].join('、')}，请确认上传的文件是否放错`)
  const { crs } = layerCrs(label, raw, chosen, isZip(file.bytes))
  const { geoms } = project(label, raw, crs)
  return { raw, crs, geoms, props: raw.features.map((f) => f.props) }
}

/** Points from an .xlsx/.csv ledger (coordinates in WGS84, GCJ-02 or BD-09 per its 坐标系 column) or a GeoJSON. */
async function pointLayer(file: Upload, chosen: Crs | null, errors: Problem[]): Promise<Prepared> {
  if (isZip(file.bytes) && /\.xlsx$/i.test(file.name)) return tablePoints(file, errors)
  if (/\.(csv|txt)$/i.test(file.name)) return tablePoints(file, errors)
  const raw = await readLayer(LABEL.points, file.name, file.bytes)
  if (raw.features.some((f) => f.geometry && f.geometry.type !== 'Point'))
    throw unprocessable('wrong_geometry', '点位: 应为点图层（或 Excel 点位台账）')
  const { crs } = layerCrs(LABEL.points, raw, chosen, isZip(file.bytes))
  const { geoms } = project(LABEL.points, raw, crs)
  return { crs, geoms, props: raw.features.map((f) => f.props) }
}

async function tablePoints(file: Upload, errors: Problem[]): Promise<Prepared> {
  const rows = await readTable(file.name, file.bytes)
  const { header, errors: headerErrors } = findHeader(rows, POINT_FIELDS)
  if (!header) throw unprocessable('invalid_file', `点位: ${headerErrors[0]?.message ?? '找不到表头行'}`)
  const rowErrors = [...headerErrors]
  const data = dataRows(rows, header, rowErrors)
  if (data.length > MAX_FEATURES) throw unprocessable('too_many_features', `点位: 行数过多（最多 ${MAX_FEATURES} 行）`)
  const props: Record<string, unknown>[] = []
  const geoms: (Geometry | null)[] = []
  for (const r of data) {
    const c = coordsOf(r)
    if (c === null) r.fail('lon', '缺少经度和纬度', '经度')
    props.push({ 编号: r.folded('code', 40), 名称: r.text('name', 200), 类别: r.text('class', 100), _row: r.row })
    geoms.push(c ? { type: 'Point', coordinates: pointToWgs84(c.lon, c.lat, c.crs) } : null)
  }
  for (const e of rowErrors) errors.push({ check: 'bad_row', layer: 'points', message: `第 ${e.row} 行 ${e.column}: ${e.message}` })
  return { crs: 'EPSG:4326', geoms, props }
}

/** All layers in WGS84; layer-level problems throw 422, row-level ones of the points go into `errors`. */
export async function prepare(
  files: Partial<Record<Layer, Upload>>,
  chosen: Crs | null,
  errors: Problem[],
): Promise<Partial<Record<Layer, Prepared>>> {
  const out: Partial<Record<Layer, Prepared & { raw?: RawLayer }>> = {}
  for (const layer of ['boundary', 'communities', 'grids'] as const) {
    const f = files[layer]
    if (!f) throw unprocessable('missing_layer', `缺少${LABEL[layer]}图层 (${layer})`)
    out[layer] = await polygonLayer(layer, f, chosen)
  }
  if (files.points) out.points = await pointLayer(files.points, chosen, errors)
  const total = Object.values(out).reduce((s, l) => s + l.geoms.reduce((t, g) => t + vertexCount(g), 0), 0)
  if (total > MAX_TOTAL_VERTICES)
    throw unprocessable('too_many_vertices', `所有图层共 ${total} 个节点（最多 ${MAX_TOTAL_VERTICES} 个），请简化后再导入`)
  const target = boxOf(out.boundary!.geoms)
  for (const layer of ['communities', 'grids', 'points'] as const) {
    const l = out[layer]
    const box = l && boxOf(l.geoms)
    if (!l || !box || !target || near(box, target)) continue
    const km = Math.round(distanceKm(box, target))
    const zone = l.raw ? betterZone(l.raw, l.crs, target) : null
    throw unprocessable(
      'far_from_boundary',
      `${LABEL[layer]}: 与街道边界相距约 ${km} 公里，坐标系或投影带可能选错${zone ? `（按 ${zone} 换算则与边界重合）` : ''}`,
    )
  }
  return out
}

const distanceKm = (a: number[], b: number[]) => {
  const dx = Math.max(0, a[0] - b[2], b[0] - a[2]) * 111 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180)
  const dy = Math.max(0, a[1] - b[3], b[1] - a[3]) * 111
  return Math.hypot(dx, dy)
}
