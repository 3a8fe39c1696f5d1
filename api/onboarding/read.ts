/**
 * One uploaded layer as features in its own coordinates: a GeoJSON file, a zipped Shapefile (read by
 * `shapefile`, the .dbf in the code page its .cpg names, else UTF-8 when it decodes as such, else
 * GBK), or — for points — an .xlsx/.csv ledger. Every way a file can be wrong is a 4xx in Chinese.
 */
import type { Geometry } from 'geojson'
import JSZip from 'jszip'
import * as shapefile from 'shapefile'
import { ApiError, unprocessable } from '../errors.ts'
import { inflationCheck } from '../imports/zip.ts'
import { MAX_FEATURES, MAX_FEATURE_VERTICES, MAX_ZIP_INFLATED_BYTES } from './limits.ts'

/** A feature as read: its attributes and geometry in the file's coordinates. */
export interface RawFeature {
  props: Record<string, unknown>
  geometry: Geometry | null
}

export interface RawLayer {
  features: RawFeature[]
  /** The .prj text, or a GeoJSON's legacy `crs` name. */
  prj?: string
  /** the .dbf code page used */
  encoding?: string
}

const tooMany = (label: string, n: number) =>
  new ApiError(422, 'too_many_features', `${label}: 要素过多（${n} 个以上，最多 ${MAX_FEATURES} 个），请确认上传的是本街道的图层`)

/** The number of positions of a geometry. */
export function vertexCount(g: Geometry | null): number {
  if (!g) return 0
  if (g.type === 'GeometryCollection') return g.geometries.reduce((s, x) => s + vertexCount(x), 0)
  const walk = (c: unknown): number =>
    Array.isArray(c) && typeof c[0] === 'number' ? 1 : Array.isArray(c) ? c.reduce((s: number, x) => s + walk(x), 0) : 0
  return walk(g.coordinates)
}

function checkVertices(label: string, f: RawFeature, k: number) {
  const n = vertexCount(f.geometry)
  if (n > MAX_FEATURE_VERTICES)
    throw unprocessable(
      'too_many_vertices',
      `${label}: 第 ${k + 1} 个要素有 ${n} 个节点（最多 ${MAX_FEATURE_VERTICES} 个），请在 GIS 软件中简化（抽稀）后再导入`,
    )
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** Reads one layer file; `label` names the form field in messages (边界、社区、网格). */
export async function readLayer(label: string, name: string, bytes: Uint8Array): Promise<RawLayer> {
  if (isZip(bytes)) return readZip(label, bytes)
  if (/\.(shp|dbf|shx|prj)$/i.test(name))
    throw unprocessable('not_zipped', `${label}: Shapefile 须把 .shp、.shx、.dbf、.prj（和 .cpg）一起打包成 zip 上传`)
  let text = new TextDecoder('utf-8').decode(bytes)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (!/^\s*[{[]/.test(text)) throw unprocessable('invalid_file', `${label}: 无法识别的文件 ${name}：请上传 GeoJSON 或打包为 zip 的 Shapefile`)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw unprocessable('invalid_file', `${label}: ${name} 不是有效的 GeoJSON（JSON 格式错误）`)
  }
  return fromGeoJson(label, doc)
}

function fromGeoJson(label: string, doc: unknown): RawLayer {
  const d = doc as { type?: string; features?: unknown[]; geometry?: Geometry; properties?: object; crs?: { properties?: { name?: string } } }
  const list =
    d?.type === 'FeatureCollection' && Array.isArray(d.features)
      ? d.features
      : d?.type === 'Feature'
        ? [d]
        : typeof d?.type === 'string' && 'coordinates' in (d as object)
          ? [{ type: 'Feature', geometry: d, properties: {} }]
          : null
  if (!list) throw unprocessable('invalid_file', `${label}: 文件不是 GeoJSON 要素集 (FeatureCollection)`)
  if (list.length > MAX_FEATURES) throw tooMany(label, list.length)
  const features = list.map((f, k) => {
    const x = f as { geometry?: Geometry | null; properties?: Record<string, unknown> | null }
    const out = { props: x?.properties ?? {}, geometry: x?.geometry ?? null }
    checkVertices(label, out, k)
    return out
  })
  return { features, prj: d.crs?.properties?.name }
}

/** The code page of a .dbf: its .cpg, else UTF-8 when its bytes decode as UTF-8, else GBK. */
function dbfEncoding(cpg: string | undefined, dbf: Uint8Array): string {
  const c = (cpg ?? '').trim().toLowerCase()
  if (c) return /utf-?8|65001/.test(c) ? 'utf-8' : /gbk|936|gb2312|gb18030|cp936/.test(c) ? 'gbk' : c
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf)
    return 'utf-8'
  } catch {
    return 'gbk'
  }
}

async function readZip(label: string, bytes: Uint8Array): Promise<RawLayer> {
  // inflated for real and counted (headers can understate a size), stopped at the limit
  const inflated = inflationCheck(bytes, MAX_ZIP_INFLATED_BYTES)
  if (inflated === 'invalid') throw unprocessable('invalid_file', `${label}: 压缩包已损坏，无法读取`)
  if (inflated === 'too_large')
    throw new ApiError(413, 'payload_too_large', `${label}: 压缩包解压后超过 ${MAX_ZIP_INFLATED_BYTES / 1024 / 1024} MB，拒绝处理`)
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw unprocessable('invalid_file', `${label}: 压缩包已损坏，无法读取`)
  }
  const files = Object.values(zip.files).filter((f) => !f.dir && !f.name.startsWith('__MACOSX/'))
  const shps = files.filter((f) => /\.shp$/i.test(f.name))
  if (shps.length === 0)
    throw unprocessable(
      'no_shp',
      `${label}: 压缩包中没有 .shp 文件（包含：${files.map((f) => f.name).join('、') || '空'}），请把整套 Shapefile 打包上传`,
    )
  if (shps.length > 1)
    throw unprocessable('several_shp', `${label}: 压缩包中有 ${shps.length} 个 .shp（${shps.map((f) => f.name).join('、')}），每个图层请单独打包`)
  const base = shps[0].name.replace(/\.shp$/i, '').toLowerCase()
  const part = (ext: string) => files.find((f) => f.name.toLowerCase() === `${base}.${ext}`)
  const shp = await shps[0].async('uint8array')
  const dbf = await part('dbf')?.async('uint8array')
  const prj = await part('prj')?.async('string')
  const encoding = dbf ? dbfEncoding(await part('cpg')?.async('string'), dbf) : undefined
  const features: RawFeature[] = []
  try {
    const source = await shapefile.open(shp, dbf, { encoding })
    for (let r = await source.read(); !r.done; r = await source.read()) {
      if (features.length >= MAX_FEATURES) throw tooMany(label, MAX_FEATURES + 1)
      const f = { props: (r.value.properties ?? {}) as Record<string, unknown>, geometry: r.value.geometry as Geometry | null }
      checkVertices(label, f, features.length)
      features.push(f)
    }
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw unprocessable('invalid_file', `${label}: Shapefile 无法读取（${(err as Error).message.slice(0, 100)}），请用 GIS 软件重新导出`)
  }
  return { features, prj, encoding }
}
