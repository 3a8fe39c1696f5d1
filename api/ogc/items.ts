/** Reading a collection's features: the query string of /items checked as the standard says, then one SQL page. */
import type { Geometry } from 'geojson'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import type { User } from '../auth/user.ts'
import { gridScope } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { ApiError, badRequest } from '../errors.ts'
import { filterShape, parseInstant } from '../filters.ts'
import { DATES_BEFORE } from '../validate.ts'
import type { Collection } from './collections.ts'
import { bboxWkt, type Crs, crsOf } from './crs.ts'

/** The page size when none is asked for, and the most one page may hold (the limit parameter's schema). */
export const LIMIT = { default: 100, max: 10_000 } as const

const COMMON = ['limit', 'bbox', 'bbox-crs', 'crs', 'after', 'f', 'street']
const ISSUE_ONLY = ['datetime', 'category', 'status', 'community', 'grid']
const issueFilters = z.object({
  street: filterShape.street,
  category: filterShape.category,
  status: filterShape.status,
  community: filterShape.community,
  grid: filterShape.grid,
})

export interface ItemsQuery {
  limit: number
  crs: Crs
  area: string | null
  areaSrid: number
  after: string | null
  street?: string
  issue: { from: Date | null; to: Date | null; categories: string[] | null; statuses: string[] | null; community: string | null; grid: string | null }
}

const invalid = (message: string) => badRequest('InvalidParameterValue', message)

/** The query of an /items request; 400 for a parameter the API does not define or a value out of its schema. */
export function parseItems(col: Collection, raw: Record<string, string>, since: Date): ItemsQuery {
  const allowed = col.issues ? [...COMMON, ...ISSUE_ONLY] : COMMON
  for (const k of Object.keys(raw))
    if (!allowed.includes(k)) throw badRequest('InvalidParameter', `未知参数 ${k}（此集合支持 ${allowed.join(', ')}）`)
  if (raw.f !== undefined && !['json', 'geojson'].includes(raw.f)) throw invalid('f: 仅支持 json')
  const limit = raw.limit === undefined ? LIMIT.default : Number(raw.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMIT.max) throw invalid(`limit: 应为 1 到 ${LIMIT.max} 之间的整数`)
  const crs = crsOf(raw.crs, 'crs')
  const bboxCrs = crsOf(raw['bbox-crs'], 'bbox-crs')
  if (raw['bbox-crs'] !== undefined && raw.bbox === undefined) throw invalid('bbox-crs: 需与 bbox 一起使用')
  const area = raw.bbox === undefined ? null : bboxWkt(raw.bbox, bboxCrs)
  const after = raw.after ?? null
  if (after !== null && !(col.issues ? /^\d{1,18}$/ : /^[0-9A-Za-z_-]{1,40}$/).test(after)) throw invalid('after: 不是本集合的分页标记')
  const parsed = issueFilters.safeParse(col.issues ? raw : { street: raw.street })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalid(`${issue.path.join('.')}: ${issue.message}`)
  }
  const f = parsed.data
  const [from, to] = col.issues && raw.datetime !== undefined ? datetime(raw.datetime, since) : [null, null]
  return {
    limit,
    crs,
    area,
    areaSrid: bboxCrs.srid,
    after,
    street: f.street,
    issue: {
      from,
      to,
      categories: f.category ?? null,
      statuses: f.status ?? null,
      community: f.community ?? null,
      grid: f.grid ?? null,
    },
  }
}

/**
 * `datetime` as the half-open window [from, to) that filtered_issues takes: an instant, or a closed
 * interval `start/end` with `..` for an open end. Instants carry milliseconds at most, so a closed
 * end `e` is the window's `e + 1 ms`.
 */
export function datetime(value: string, since: Date): [Date | null, Date | null] {
  const parts = value.split('/')
  if (parts.length > 2) throw invalid('datetime: 应为时间或 起/止 区间')
  const at = (s: string): Date | null => {
    if (s === '..' || s === '') return null
    const t = parseInstant(s)
    if (!t) throw invalid(`datetime: 无法识别的时间 ${s}`)
    if (t < since || t >= DATES_BEFORE) throw invalid(`datetime: ${s} 不在本系统的数据时间范围内`)
    return t
  }
  if (parts.length === 1) {
    const t = at(parts[0])
    if (!t) throw invalid('datetime: 单个时间不能为 ..')
    return [t, new Date(t.getTime() + 1)]
  }
  const [a, b] = [at(parts[0]), at(parts[1])]
  if (!a && !b) throw invalid('datetime: 区间至少需要一端')
  if (a && b && a > b) throw invalid('datetime: 起始时间晚于结束时间')
  return [a, b ? new Date(b.getTime() + 1) : null]
}

interface Row {
  key: string
  geometry: Geometry
  properties?: Record<string, unknown>
  [column: string]: unknown
}

export interface Feature {
  type: 'Feature'
  id: string | number
  geometry: Geometry
  properties: Record<string, unknown>
}

/** An issue row's columns as the /issues list writes them (times in the street's zone). */
function issueProps(row: Row): Record<string, unknown> {
  const { key: _key, geometry: _geometry, ...rest } = row
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v instanceof Date ? isoLocal(v) : v]))
}

/** One page of a collection (limit + 1 rows are read, so whether a next page exists is known). */
export async function readPage(
  db: Queryable,
  col: Collection,
  street: number,
  q: ItemsQuery,
  user: User | undefined,
  now: Date,
  id: string | null = null,
): Promise<{ features: Feature[]; next: string | null }> {
  const fields = {
    street,
    srid: q.crs.srid,
    flip: q.crs.flip,
    digits: q.crs.digits,
    area: q.area,
    area_srid: q.areaSrid,
    after: q.after,
    id,
    limit: q.limit + 1,
    scope: gridScope(user),
    now,
    from: q.issue.from,
    to: q.issue.to,
    categories: q.issue.categories,
    statuses: q.issue.statuses,
    community: q.issue.community,
    grid: q.issue.grid,
  }
  const rows = await db.query<Row>(col.query.text, col.query.params(fields))
  const page = rows.slice(0, q.limit)
  const features = page.map((r): Feature => ({
    type: 'Feature',
    id: col.issues ? Number(r.key) : r.key,
    geometry: r.geometry,
    properties: col.issues ? issueProps(r) : (r.properties ?? {}),
  }))
  return { features, next: rows.length > q.limit ? page[page.length - 1].key : null }
}

/** An OGC exception for a feature id that cannot exist (an issue id must be a number). */
export function checkFeatureId(col: Collection, id: string): void {
  if (!(col.issues ? /^\d{1,18}$/ : /^[0-9A-Za-z_-]{1,40}$/).test(id)) throw new ApiError(404, 'NotFound', `集合 ${col.id} 中没有要素 ${id}`)
}
