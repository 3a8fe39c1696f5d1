/**
 * The street's own basemap in the import (optional files): roads (lines), buildings and water
 * (polygons) and named places (points), from the GIS office or an OSM extract, in any coordinate
 * system the other layers may use. Each becomes basemap features the web map draws, the tiles
 * serve and, by name, the address locator reads. OSM's and the usual Chinese attribute names are
 * understood; a road's class (arterial, secondary, lane) decides how wide it is drawn.
 */
import type { Geometry } from 'geojson'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { unprocessable } from '../errors.ts'
import { ascii, plain } from '../imports/cells.ts'
import type { Crs } from './crs.ts'
import { boxOf, layerCrs, near, project } from './project.ts'
import { readLayer } from './read.ts'
import type { Problem } from './report.ts'

export const BASEMAP_LAYERS = ['roads', 'buildings', 'water', 'places'] as const
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number]

export const BASEMAP_LABEL: Record<BasemapLayer, string> = { roads: '道路', buildings: '建筑', water: '水系', places: '地名' }

const KIND: Record<BasemapLayer, 'road' | 'building' | 'water' | 'place'> = { roads: 'road', buildings: 'building', water: 'water', places: 'place' }
const GEOMETRY: Record<BasemapLayer, { types: string[]; zh: string }> = {
  roads: { types: ['LineString', 'MultiLineString'], zh: '线' },
  buildings: { types: ['Polygon', 'MultiPolygon'], zh: '面（多边形）' },
  water: { types: ['Polygon', 'MultiPolygon'], zh: '面（多边形）' },
  places: { types: ['Point', 'MultiPoint'], zh: '点' },
}

const NAME_KEYS = ['名称', '道路名称', '路名', '地名', '标准名称', 'name', 'name_zh', 'name:zh', 'mc', 'dlmc', 'dmmc']
const CLASS_KEYS = ['道路等级', '等级', '类别', '类型', 'class', 'fclass', 'highway', 'type', 'dldj']

/** OSM highway values and Chinese road grades, to our three widths. */
const ARTERIAL = /^(motorway|trunk|primary)(_link)?$|快速路|主干/
const SECONDARY = /^(secondary|tertiary)(_link)?$|次干/

export function roadClass(v: string): 'arterial' | 'secondary' | 'lane' {
  const s = v.trim().toLowerCase()
  return s === 'arterial' || ARTERIAL.test(s) ? 'arterial' : s === 'secondary' || SECONDARY.test(s) ? 'secondary' : 'lane'
}

const fold = (s: string) => ascii(s).toLowerCase().replace(/\s/g, '')

function first(props: Record<string, unknown>, keys: string[]): string {
  const byName = new Map(Object.entries(props).map(([k, v]) => [fold(k), v]))
  for (const k of keys) {
    const v = byName.get(fold(k))
    const s = v === null || v === undefined ? '' : plain(v as string).slice(0, 100)
    if (s) return s
  }
  return ''
}

export interface BasemapFeature {
  kind: 'road' | 'building' | 'water' | 'place'
  name: string
  class: string
  geom: string
}

export interface PreparedBasemap {
  crs: Partial<Record<BasemapLayer, Crs>>
  features: BasemapFeature[]
}

/**
 * Reads and projects the basemap files that came; features of the wrong geometry are skipped with a
 * warning, a layer with none of the right kind or far from the boundary is a 422 (a wrong file or
 * a wrong coordinate system, as for the other layers).
 */
export async function prepareBasemap(
  files: Partial<Record<BasemapLayer, { name: string; bytes: Uint8Array }>>,
  chosen: Crs | null,
  boundary: (Geometry | null)[],
  warnings: Problem[],
): Promise<PreparedBasemap> {
  const out: PreparedBasemap = { crs: {}, features: [] }
  const target = boxOf(boundary)
  for (const layer of BASEMAP_LAYERS) {
    const file = files[layer]
    if (!file) continue
    const label = BASEMAP_LABEL[layer]
    const raw = await readLayer(label, file.name, file.bytes)
    const want = GEOMETRY[layer]
    const right = raw.features.filter((f) => f.geometry && want.types.includes(f.geometry.type)).length
    if (raw.features.length && !right)
      throw unprocessable(
        'wrong_geometry',
        `${label}: 应为${want.zh}图层，文件中是 ${[...new Set(raw.features.map((f) => f.geometry?.type ?? '空'))].join('、')}，请确认上传的文件是否放错`,
      )
    const zipped = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b
    const { crs } = layerCrs(label, raw, chosen, zipped)
    const { geoms, box } = project(label, raw, crs)
    if (box && target && !near(box, target)) throw unprocessable('far_from_boundary', `${label}: 与街道边界不重叠，坐标系或投影带可能选错`)
    out.crs[layer] = crs
    geoms.forEach((g, k) => {
      if (!g || !want.types.includes(g.type)) {
        warnings.push({ check: 'wrong_geometry', layer, index: k, message: `${label}第 ${k + 1} 个要素${g ? `是 ${g.type}` : '没有几何'}，已跳过` })
        return
      }
      const props = raw.features[k].props
      const cls = first(props, CLASS_KEYS)
      out.features.push({
        kind: KIND[layer],
        name: first(props, NAME_KEYS),
        class: layer === 'roads' ? roadClass(cls) : cls,
        geom: JSON.stringify(g),
      })
    })
  }
  return out
}

const Q = { write: sql(import.meta.url, 'basemap-features.sql') }

/**
 * Cuts the features at 300 m around the staged boundary and writes them for `street` (or, with
 * `street` null, only counts them); returns per layer the features kept and those left out.
 */
export async function writeBasemap(q: Queryable, street: number | null, features: BasemapFeature[]) {
  if (!features.length) return {}
  const rows = await q.query<{ kind: string; kept: number; left_out: number }>(Q.write, [street, JSON.stringify(features)])
  const layerOf = Object.fromEntries(Object.entries(KIND).map(([l, k]) => [k, l])) as Record<string, BasemapLayer>
  return Object.fromEntries(rows.map((r) => [layerOf[r.kind], { kept: r.kept, left_out: r.left_out }])) as Partial<
    Record<BasemapLayer, { kept: number; left_out: number }>
  >
}
