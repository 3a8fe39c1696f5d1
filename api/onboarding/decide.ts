/**
 * Codes, names, communities and point classes decided for the staged features: a grid's community by
 * its attribute (code or name) or else by place, codes kept or generated (codes.ts), names required
 * for communities and generated for grids, a point's class matched to the street's point classes.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { Layer } from './attributes.ts'
import { assignCodes, type Coded } from './codes.ts'
import type { Problem } from './report.ts'

const load = (name: string) => sql(import.meta.url, name)
const Q = { centres: load('centres.sql'), gridCommunities: load('grid-communities.sql'), classes: load('point-classes.sql') }

interface StagedRow {
  layer: Layer
  idx: number
  code: string | null
  name: string | null
  parent: string | null
  class: string | null
}

export interface Decided {
  rows: StagedRow[]
  errors: Problem[]
  notes: Problem[]
}

/** Decides in place what the features will be written as; errors block the import, notes do not. */
export async function decide(q: Queryable, streetCode: string, staged: StagedRow[]): Promise<Decided> {
  const errors: Problem[] = []
  const notes: Problem[] = []
  const centre = new Map((await q.query<{ layer: Layer; idx: number; lon: number; lat: number }>(Q.centres)).map((r) => [`${r.layer}:${r.idx}`, r]))
  const coded = (layer: Layer) =>
    staged
      .filter((s) => s.layer === layer)
      .map<Coded & { row: StagedRow }>((s) => ({ row: s, idx: s.idx, code: s.code, name: s.name, parent: s.parent, ...place(centre, s) }))

  const communities = coded('communities')
  for (const c of communities)
    if (!c.name)
      errors.push({ check: 'missing_name', layer: 'communities', index: c.idx, lon: c.lon, lat: c.lat, message: `社区第 ${c.idx + 1} 个没有名称` })
  const cr = assignCodes('communities', communities, () => streetCode)
  errors.push(...cr.errors)
  notes.push(...cr.notes)
  const byIdx = new Map(communities.map((c) => [c.idx, c]))
  const byKey = new Map<string, Coded>()
  for (const c of communities) for (const k of [c.code, c.name, c.row.code]) if (k && !byKey.has(k)) byKey.set(k, c)

  const grids = coded('grids')
  const spatial = new Map((await q.query<{ idx: number; community: number | null }>(Q.gridCommunities)).map((r) => [r.idx, r.community]))
  for (const g of grids) {
    const named = g.parent ? byKey.get(g.parent) : undefined
    const located = spatial.get(g.idx)
    const home = named ?? (located === null || located === undefined ? undefined : byIdx.get(located))
    if (g.parent && !named && home)
      notes.push({
        check: 'community_by_location',
        layer: 'grids',
        index: g.idx,
        lon: g.lon,
        lat: g.lat,
        message: `网格"${g.name ?? ''}"的所属社区"${g.parent}"不在社区图层中，已按位置归入"${home.name ?? home.code}"`,
      })
    if (!home)
      errors.push({
        check: 'no_community',
        layer: 'grids',
        index: g.idx,
        lon: g.lon,
        lat: g.lat,
        message: `网格"${g.name ?? g.idx + 1}"不在任何社区内，无法确定所属社区`,
      })
    g.parent = home?.code ?? null
  }
  const gr = assignCodes('grids', grids, (x) => x.parent ?? null)
  errors.push(...gr.errors)
  notes.push(...gr.notes)
  for (const g of grids) if (!g.name && g.code) g.name = `${byKey.get(g.parent ?? '')?.name ?? ''}${Number(g.code.slice(-2))}号网格`

  const points = coded('points')
  const classes = await q.query<{ code: string; name: string }>(Q.classes)
  const classOf = new Map<string, string>()
  for (const c of classes) for (const k of [c.code, c.name]) classOf.set(k.toLowerCase(), c.code)
  const seen = new Set<string>()
  let n = 0
  for (const p of points) {
    const at = { layer: 'points' as const, index: p.idx, lon: p.lon, lat: p.lat }
    const cls = p.row.class ? classOf.get(p.row.class.toLowerCase()) : undefined
    if (!cls)
      errors.push({
        check: 'bad_class',
        ...at,
        message: `点位"${p.name ?? ''}"的类别"${p.row.class ?? ''}"不是已有的点位类别（${classes.map((c) => c.name).join('、')}）`,
      })
    if (!p.name) errors.push({ check: 'missing_name', ...at, message: `点位第 ${p.idx + 1} 个没有名称` })
    if (!p.code) {
      do n += 1
      while (seen.has(`P${String(n).padStart(3, '0')}`))
      p.code = `P${String(n).padStart(3, '0')}`
    } else if (seen.has(p.code)) errors.push({ check: 'duplicate_code', ...at, code: p.code, message: `点位编号 ${p.code} 重复` })
    seen.add(p.code)
    p.row.class = cls ?? null
  }

  const rows = [...communities, ...grids, ...points].map<StagedRow>((x) => ({ ...x.row, code: x.code, name: x.name, parent: x.parent ?? null }))
  return { rows, errors, notes }
}

function place(centre: Map<string, { lon: number; lat: number }>, s: StagedRow) {
  const c = centre.get(`${s.layer}:${s.idx}`)
  return { lon: c?.lon ?? 0, lat: c?.lat ?? 0 }
}
