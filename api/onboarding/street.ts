/**
 * A street import inside one transaction: the layers staged, codes decided, every check run, and —
 * when nothing is wrong and it is not a dry run — the street written. Anything wrong throws Rejected
 * with the report, so the transaction rolls back and nothing of the street remains.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { attributes, type Fix, type Layer } from './attributes.ts'
import { invalidPolygons, outside, overlapsAndGaps, slivers } from './checks.ts'
import { decide } from './decide.ts'
import { commitStreet } from './commit.ts'
import { BASEMAP_LABEL, writeBasemap, type BasemapLayer, type PreparedBasemap } from './basemap.ts'
import { LABEL, type Prepared } from './prepare.ts'
import { Rejected, type PreviewFeature, type Problem, type StreetReport } from './report.ts'

const load = (name: string) => sql(import.meta.url, name)
const Q = {
  create: load('stage-create.sql'),
  insert: load('stage-insert.sql'),
  index: load('stage-index.sql'),
  codes: load('stage-codes.sql'),
  preview: load('preview.sql'),
  points: load('check-points.sql'),
  exists: load('street-exists.sql'),
}

export interface StreetImport {
  code: string
  name: string
  layers: Partial<Record<Layer, Prepared>>
  fixes: Fix[]
  repair: boolean
  dryRun: boolean
  /** problems found while reading (rows of a points ledger) */
  errors: Problem[]
  /** the street's own basemap features (optional files), and notes from reading them */
  basemap?: PreparedBasemap
  warnings?: Problem[]
}

interface StagedFeature {
  layer: Layer
  idx: number
  code: string | null
  name: string | null
  parent: string | null
  manager: string | null
  phone: string | null
  class: string | null
  geom: string
}

const LAYERS: Layer[] = ['boundary', 'communities', 'grids', 'points']
const POLYGONAL = new Set(['Polygon', 'MultiPolygon'])

/** Runs the import; returns the report (dry run or committed) or throws Rejected. */
export async function importStreet(q: Queryable, input: StreetImport): Promise<StreetReport> {
  const errors: Problem[] = [...input.errors]
  const warnings: Problem[] = [...(input.warnings ?? [])]
  const [taken] = await q.query<{ name: string }>(Q.exists, [input.code])
  if (taken) errors.push({ check: 'street_exists', layer: 'boundary', message: `街道编码 ${input.code} 已被"${taken.name}"使用` })

  await q.query(Q.create)
  const staged: StagedFeature[] = []
  for (const layer of LAYERS) {
    const l = input.layers[layer]
    if (!l) continue
    for (let idx = 0; idx < l.geoms.length; idx += 1) {
      const g = l.geoms[idx]
      const polygonal = layer !== 'points'
      if (!g || (polygonal ? !POLYGONAL.has(g.type) : g.type !== 'Point')) {
        if (layer !== 'points' || g)
          errors.push({
            check: 'wrong_geometry',
            layer,
            index: idx,
            message: `${LABEL[layer]}第 ${idx + 1} 个要素${g ? `是 ${g.type}` : '没有几何'}，已跳过`,
          })
        continue
      }
      const a = attributes(layer, l.props[idx])
      const fix = input.fixes.find((f) => f.layer === layer && f.index === idx)
      staged.push({
        layer,
        idx,
        code: fix?.code ?? a.code ?? null,
        name: fix?.name ?? a.name ?? null,
        parent: fix?.community ?? a.parent ?? null,
        manager: a.manager ?? null,
        phone: a.phone ?? null,
        class: a.class ?? null,
        geom: JSON.stringify(g),
      })
    }
  }
  await q.query(Q.insert, [JSON.stringify(staged)])
  await q.query(Q.index)

  const invalid = await invalidPolygons(q, input.repair)
  for (const p of invalid.problems) (p.check === 'repaired' ? warnings : errors).push(p)

  const decided = await decide(q, input.code, staged)
  errors.push(...decided.errors)
  warnings.push(...decided.notes)
  await q.query(Q.codes, [JSON.stringify(decided.rows)])

  const og = await overlapsAndGaps(q)
  errors.push(...og.problems)
  const out = await outside(q)
  errors.push(...out.errors)
  warnings.push(...out.warnings, ...(await slivers(q)))
  const pts = await q.query<{ idx: number; lon: number; lat: number; grid: string | null }>(Q.points)
  for (const p of pts)
    if (!p.grid)
      errors.push({
        check: 'point_outside_grids',
        layer: 'points',
        index: p.idx,
        lon: p.lon,
        lat: p.lat,
        message: `点位第 ${p.idx + 1} 个不在任何网格内`,
      })

  const features = input.basemap?.features ?? []
  const basemapReport = (kept: Awaited<ReturnType<typeof writeBasemap>>) => {
    for (const [layer, n] of Object.entries(kept) as [BasemapLayer, { kept: number; left_out: number }][])
      if (n.left_out)
        warnings.push({ check: 'basemap_outside', layer, message: `${BASEMAP_LABEL[layer]}: ${n.left_out} 个要素在街道边界 300 米以外，未导入` })
    return Object.fromEntries(Object.entries(kept).map(([l, n]) => [l, n.kept]))
  }
  const counts = Object.fromEntries(LAYERS.map((l) => [l, staged.filter((s) => s.layer === l).length])) as Record<Layer, number>
  const report: StreetReport = {
    crs: { ...Object.fromEntries(LAYERS.filter((l) => input.layers[l]).map((l) => [l, input.layers[l]!.crs])), ...input.basemap?.crs },
    counts,
    errors,
    warnings,
    gaps: og.gaps,
    overlaps: og.overlaps,
    repairable: input.repair ? 0 : invalid.repairable,
  }
  if (input.dryRun || errors.length) {
    const basemap = basemapReport(await writeBasemap(q, null, features))
    if (input.dryRun) return { ...report, basemap, preview: await preview(q) }
    throw new Rejected({ ...report, basemap, preview: await preview(q) })
  }
  const street = await commitStreet(q, input.code, input.name)
  return { ...report, basemap: basemapReport(await writeBasemap(q, street.id, features)), street }
}

async function preview(q: Queryable): Promise<Record<Layer, PreviewFeature[]>> {
  type Row = { layer: Layer; idx: number; code: string | null; name: string | null; parent: string | null; geom: string; area_m2: number }
  const rows = await q.query<Row>(Q.preview)
  const out = { boundary: [], communities: [], grids: [], points: [] } as Record<Layer, PreviewFeature[]>
  for (const r of rows)
    out[r.layer].push({ index: r.idx, code: r.code, name: r.name, community: r.parent, area_m2: r.area_m2, geometry: JSON.parse(r.geom) })
  return out
}
