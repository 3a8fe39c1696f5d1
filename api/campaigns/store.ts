/**
 * Writing campaigns: the area resolved and checked against the street, categories and group checked,
 * every version kept whole in campaign_versions (with its audit entry, in the same transaction).
 */
import type { Context } from 'hono'
import type { MultiPolygon, Polygon } from 'geojson'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { auditIn } from '../admin/common.ts'
import { checkInStreet, checkShape } from '../analysis/polygon.ts'
import type { AppEnv } from '../env.ts'
import { unprocessable } from '../errors.ts'
import { areaGiven, checkBaseline, checkPhases, checkTargets, type CreateBody, type Phase, type Target } from './body.ts'
import type { CampaignRow } from './measure.ts'

const Q = {
  insert: sql(import.meta.url, 'insert.sql'),
  update: sql(import.meta.url, 'update.sql'),
  get: sql(import.meta.url, 'get.sql'),
  lock: sql(import.meta.url, 'lock.sql'),
  units: sql(import.meta.url, 'units.sql'),
  refs: sql(import.meta.url, 'refs.sql'),
  versionInsert: sql(import.meta.url, 'version-insert.sql'),
  versions: sql(import.meta.url, 'versions.sql'),
}

/** A campaign's whole content, as one version of its history keeps it. */
export interface Snapshot {
  name: string
  polygon: Polygon | MultiPolygon
  area_source: string
  area_units: string[]
  categories: string[] | null
  group: string | null
  phases: Phase[]
  targets: Target[]
  baseline: { from: Date; to: Date }
  archived: boolean
}

type AreaInput = Pick<CreateBody, 'polygon' | 'area_source' | 'communities' | 'grids'>

/** The area as GeoJSON from a polygon or from whole communities or grids (422 for codes the street lacks). */
async function resolveArea(q: Queryable, street: number, b: AreaInput) {
  if (b.polygon) return { polygon: checkShape(b.polygon) as Polygon | MultiPolygon, area_source: b.area_source ?? 'drawn', area_units: [] }
  const kind = b.communities ? 'communities' : 'grids'
  const asked = [...new Set(b.communities ?? b.grids ?? [])].sort()
  const [r] = await q.query<{ polygon: string | null; found: string[] | null }>(Q.units, [street, kind, asked])
  const missing = asked.filter((code) => !(r?.found ?? []).includes(code))
  if (!r?.polygon || missing.length) {
    throw unprocessable(
      'unknown_area_unit',
      `${kind}: 本街道没有这些${kind === 'communities' ? '社区' : '网格'}: ${missing.join(', ')} (unknown codes)`,
    )
  }
  return { polygon: JSON.parse(r.polygon) as Polygon | MultiPolygon, area_source: kind, area_units: asked }
}

/** Checks a whole snapshot against the street (422 for unknown categories or group, an area outside). */
async function checkRefs(q: Queryable, street: number, s: Snapshot) {
  const [r] = await q.query<{ categories: string[]; group_exists: boolean }>(Q.refs, [street, s.categories ?? [], s.group])
  const unknown = (s.categories ?? []).filter((c) => !r.categories.includes(c))
  const targetCats = s.targets.flatMap((t) => (t.metric === 'new_issues' && t.category ? [t.category] : []))
  const unknownTarget = s.categories ? [] : targetCats.filter((c) => !r.categories.includes(c))
  if (unknown.length || unknownTarget.length) {
    throw unprocessable('unknown_category', `categories: 没有这些问题类别: ${[...unknown, ...unknownTarget].join(', ')} (unknown category)`)
  }
  if (s.group && !r.group_exists) throw unprocessable('unknown_group', `group: 没有这个整治组: ${s.group} (unknown group)`)
  // validity, size and overlap with the street, as the area analysis checks them
  await checkInStreet(q, street, s.polygon)
}

/** The checked snapshot of a new campaign or of an edit (the edit's fields over the current ones). */
export async function snapshotOf(q: Queryable, street: number, b: Partial<CreateBody> & { archived?: boolean }, current?: Snapshot) {
  const area = areaGiven(b) ? await resolveArea(q, street, b) : undefined
  if (!area && !current) {
    throw unprocessable('invalid_parameter', 'area: 请画出区域，或选择社区或网格 (give polygon, communities or grids)')
  }
  const phases = b.phases ?? current!.phases
  const span = checkPhases(phases)
  const categories = b.categories !== undefined ? b.categories : (current?.categories ?? null)
  const targets = b.targets ?? current?.targets ?? []
  checkTargets(targets, categories)
  const s: Snapshot = {
    name: b.name ?? current!.name,
    ...(area ?? { polygon: current!.polygon, area_source: current!.area_source, area_units: current!.area_units }),
    categories: categories ? [...new Set(categories)] : null,
    group: b.group !== undefined ? b.group : (current?.group ?? null),
    phases,
    targets,
    // an edit that moves the phases but not the baseline keeps a given baseline only if it still fits
    baseline: checkBaseline(b.baseline ?? (b.phases ? undefined : current?.baseline), span.starts_at),
    archived: b.archived ?? current?.archived ?? false,
  }
  await checkRefs(q, street, s)
  return { s, span }
}

/** The snapshot of a stored campaign. */
export function snapshotFromRow(c: CampaignRow): Snapshot {
  return {
    name: c.name,
    polygon: c.polygon,
    area_source: c.area_source,
    area_units: c.area_units ?? [],
    categories: c.categories,
    group: c.group_code,
    phases: c.phases.map((p) => ({ ...p, from: new Date(p.from), to: new Date(p.to) })),
    targets: c.targets,
    baseline: { from: c.baseline_from, to: c.baseline_to },
    archived: c.archived,
  }
}

const params = (s: Snapshot, span: { starts_at: Date; ends_at: Date }) => [
  JSON.stringify(s.polygon),
  s.area_source,
  s.area_units,
  s.categories,
  s.group,
  JSON.stringify(s.phases),
  JSON.stringify(s.targets),
  span.starts_at,
  span.ends_at,
  s.baseline.from,
  s.baseline.to,
]

/** Creates a campaign (version 1) with its history entry and audit record; returns its id. */
export async function insertCampaign(q: Queryable, c: Context<AppEnv>, street: number, user: string, b: CreateBody, now: Date) {
  const { s, span } = await snapshotOf(q, street, b)
  const [row] = await q.query<{ id: string }>(Q.insert, [street, s.name, ...params(s, span), user, now])
  await q.query(Q.versionInsert, [street, row.id, 1, user, now, JSON.stringify(s)])
  await auditIn(q, c, 'campaign_created', String(row.id), { name: s.name })
  return Number(row.id)
}

/** Writes an edit as the campaign's next version; null when there is no such campaign. */
export async function updateCampaign(
  q: Queryable,
  c: Context<AppEnv>,
  street: number,
  id: number,
  user: string,
  b: Partial<CreateBody> & { archived?: boolean },
  now: Date,
) {
  const [row] = await q.query<CampaignRow>(Q.lock, [street, id])
  if (!row) return null
  const { s, span } = await snapshotOf(q, street, b, snapshotFromRow(row))
  const [{ version }] = await q.query<{ version: number }>(Q.update, [street, id, s.name, ...params(s, span), s.archived, now])
  await q.query(Q.versionInsert, [street, id, version, user, now, JSON.stringify(s)])
  await auditIn(q, c, 'campaign_updated', String(id), { version, fields: Object.keys(b) })
  return row
}

export async function getCampaign(q: Queryable, street: number, id: number) {
  const [row] = await q.query<CampaignRow>(Q.get, [street, id])
  return row ?? null
}

/** The history: each version with who made it, when, and which fields it changed. */
export async function history(q: Queryable, street: number, id: number) {
  const rows = await q.query<{ version: number; changed_by: string; changed_at: Date; snapshot: Record<string, unknown> }>(Q.versions, [street, id])
  return rows.map((r, k) => {
    const prev = rows[k - 1]?.snapshot
    const changed = prev ? Object.keys(r.snapshot).filter((f) => JSON.stringify(r.snapshot[f]) !== JSON.stringify(prev[f])) : []
    return { version: r.version, changed_by: r.changed_by, changed_at: r.changed_at, changed, snapshot: r.snapshot }
  })
}
