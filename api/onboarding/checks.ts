/** The geometric checks of a staged import, all in PostGIS; each problem carries its place for the preview. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { Layer } from './attributes.ts'
import { MIN_PROBLEM_M2, SLIVER_MAX_M2, SLIVER_THINNESS } from './limits.ts'
import { LABEL } from './prepare.ts'
import type { Gap, Overlap, Problem } from './report.ts'

const load = (name: string) => sql(import.meta.url, name)
const Q = {
  invalid: load('check-invalid.sql'),
  overlaps: load('check-overlaps.sql'),
  gaps: load('check-gaps.sql'),
  outside: load('check-outside.sql'),
  slivers: load('check-slivers.sql'),
}

const m2 = (a: number) => (a >= 100 ? Math.round(a) : Math.round(a * 10) / 10)

/** Invalid polygons: errors, or (repair) notes that ST_MakeValid fixed them. */
export async function invalidPolygons(q: Queryable, repair: boolean): Promise<{ problems: Problem[]; repairable: number }> {
  type Row = {
    layer: Layer
    idx: number
    code: string | null
    reason: string
    lon: number
    lat: number
    repairable: boolean
    repaired_area_m2: number
  }
  const rows = await q.query<Row>(Q.invalid)
  const problems = rows.map<Problem>((r) => ({
    check: repair && r.repairable ? 'repaired' : 'invalid_polygon',
    layer: r.layer,
    index: r.idx,
    code: r.code,
    lon: r.lon,
    lat: r.lat,
    area_m2: m2(r.repaired_area_m2),
    message: `${LABEL[r.layer]}第 ${r.idx + 1} 个要素的多边形无效：${r.reason}${
      !r.repairable
        ? '（无法自动修复，请在 GIS 软件中重画）'
        : repair
          ? `；已用 ST_MakeValid 修复，修复后面积 ${m2(r.repaired_area_m2)} m²`
          : '；可勾选"自动修复"用 ST_MakeValid 修复'
    }`,
  }))
  return { problems, repairable: rows.filter((r) => r.repairable).length }
}

/** Overlaps and gaps of grids and of communities, at least MIN_PROBLEM_M2 each. */
export async function overlapsAndGaps(q: Queryable): Promise<{ overlaps: Overlap[]; gaps: Gap[]; problems: Problem[] }> {
  type O = {
    layer: 'communities' | 'grids'
    a_idx: number
    b_idx: number
    a_code: string | null
    b_code: string | null
    area_m2: number
    lon: number
    lat: number
  }
  const o = await q.query<O>(Q.overlaps, [MIN_PROBLEM_M2])
  const g = await q.query<Gap>(Q.gaps, [MIN_PROBLEM_M2])
  const overlaps = o.map<Overlap>((r) => ({ layer: r.layer, area_m2: r.area_m2, lon: r.lon, lat: r.lat, grids: [r.a_code, r.b_code] }))
  const gaps = g.map<Gap>((r) => ({ layer: r.layer, area_m2: r.area_m2, lon: r.lon, lat: r.lat }))
  const problems: Problem[] = [
    ...o.map<Problem>((r) => ({
      check: 'overlap',
      layer: r.layer,
      index: r.b_idx,
      code: r.b_code,
      lon: r.lon,
      lat: r.lat,
      area_m2: m2(r.area_m2),
      message: `${LABEL[r.layer]} ${r.a_code ?? `第 ${r.a_idx + 1} 个`} 与 ${r.b_code ?? `第 ${r.b_idx + 1} 个`} 重叠 ${m2(r.area_m2)} m²`,
    })),
    ...g.map<Problem>((r) => ({
      check: 'gap',
      layer: r.layer,
      lon: r.lon,
      lat: r.lat,
      area_m2: m2(r.area_m2),
      message: `街道边界内有 ${m2(r.area_m2)} m² 不属于任何${LABEL[r.layer]}（缝隙）`,
    })),
  ]
  return { overlaps, gaps, problems }
}

/** Communities or grids reaching out of the boundary (errors) and grids out of their community (warnings). */
export async function outside(q: Queryable): Promise<{ errors: Problem[]; warnings: Problem[] }> {
  type Row = { layer: Layer; idx: number; code: string | null; outside_of: 'boundary' | 'community'; area_m2: number; lon: number; lat: number }
  const rows = await q.query<Row>(Q.outside, [MIN_PROBLEM_M2])
  const as = (r: Row): Problem => ({
    check: r.outside_of === 'boundary' ? 'outside_boundary' : 'outside_community',
    layer: r.layer,
    index: r.idx,
    code: r.code,
    lon: r.lon,
    lat: r.lat,
    area_m2: m2(r.area_m2),
    message: `${LABEL[r.layer]} ${r.code ?? `第 ${r.idx + 1} 个`} 有 ${m2(r.area_m2)} m² 在${r.outside_of === 'boundary' ? '街道边界' : '所属社区'}之外`,
  })
  return { errors: rows.filter((r) => r.outside_of === 'boundary').map(as), warnings: rows.filter((r) => r.outside_of !== 'boundary').map(as) }
}

/** Thin slivers: warnings. */
export async function slivers(q: Queryable): Promise<Problem[]> {
  type Row = { layer: Layer; idx: number; code: string | null; area_m2: number; lon: number; lat: number }
  const rows = await q.query<Row>(Q.slivers, [SLIVER_THINNESS, SLIVER_MAX_M2])
  return rows.map((r) => ({
    check: 'sliver',
    layer: r.layer,
    index: r.idx,
    code: r.code,
    lon: r.lon,
    lat: r.lat,
    area_m2: m2(r.area_m2),
    message: `${LABEL[r.layer]} ${r.code ?? `第 ${r.idx + 1} 个`} 有一块 ${m2(r.area_m2)} m² 的狭长碎片，可能是数字化残留`,
  }))
}
