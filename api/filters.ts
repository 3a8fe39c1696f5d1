/** The filters shared by list and statistics endpoints, parsed from the query string. */
import { z } from 'zod'
import type { Queryable } from '../db/adapter.ts'
import { badRequest, notFound } from './errors.ts'
import { STATUSES } from './issues/states.ts'
import { defaultCode, scopedStreet } from './streets/scope.ts'
import { STREET_OFFSET_MS } from './time-zone.ts'

/** A comma list or a repeated parameter, as one array of trimmed, non-empty strings. */
const list = (item: z.ZodString) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(50))

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|([+-])(\d{2}):?(\d{2}))?$/
const STREET_OFFSET_MIN = STREET_OFFSET_MS / 60_000

/**
 * The instant a date or date-time names, built from its fields (never by Date's lenient parser,
 * which rolls 2026-02-30 over to 2 March and 24:00 to the next day, and reads years 0–99 as
 * 1900–1999); null when a field is out of range. Digits beyond milliseconds are dropped.
 */
export function parseInstant(s: string): Date | null {
  const m = DATE.exec(s) ?? DATETIME.exec(s)
  if (!m) return null
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1, 7).map((v) => Number(v ?? 0))
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  const [offH, offM] = [Number(m[10] ?? 0), Number(m[11] ?? 0)]
  if (h > 23 || mi > 59 || sec > 59 || offH > 14 || offM > 59) return null
  const offset = m[8] === undefined ? STREET_OFFSET_MIN : m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (offH * 60 + offM)
  const t = new Date(0)
  t.setUTCFullYear(y, mo - 1, d)
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null
  t.setUTCHours(h, mi, sec, ms)
  return new Date(t.getTime() - offset * 60_000)
}

/**
 * A date (local midnight in the street's zone) or a date-time (without an offset: the street's zone), parsed
 * strictly. Whether it lies in the plausible window of dates is checked by `valid` (validate.ts).
 */
export const instant = z.string().transform((s, ctx) => {
  const t = parseInstant(s)
  if (t) return t
  ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date or date-time that exists as written' })
  return z.NEVER
})

const bbox = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .refine((a) => a.length === 4 && a.every(Number.isFinite), 'expected minLon,minLat,maxLon,maxLat')
  .refine(([x1, y1, x2, y2]) => x1 >= -180 && x2 <= 180 && y1 >= -90 && y2 <= 90, 'out of range')
  .refine(([x1, y1, x2, y2]) => x1 <= x2 && y1 <= y2, 'min must not exceed max')

const code = z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid code')

/** The shared filter fields; endpoints extend this with their own and keep it strict. */
export const filterShape = {
  street: z
    .string()
    .regex(/^\d{9}$/, 'expected a 9-digit street code')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
  category: list(code).optional(),
  status: list(z.enum(STATUSES) as unknown as z.ZodString).optional(),
  community: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit community code')
    .optional(),
  grid: z
    .string()
    .regex(/^\d{14}$/, 'expected a 14-digit grid code')
    .optional(),
  bbox: bbox.optional(),
}

export const filterSchema = z.object(filterShape).strict()
export type Filters = z.infer<typeof filterSchema>

/** The shared filters as named SQL inputs (null = not filtered), the names the `.sql` files use. */
export interface IssueFilter {
  from: Date | null
  to: Date | null
  categories: string[] | null
  statuses: string[] | null
  community: string | null
  grid: string | null
  bbox: number[] | null
}

/** The request's filters as named SQL inputs; refuses an empty window. */
export function issueFilter(f: Filters): IssueFilter {
  if (f.from && f.to && f.from >= f.to) throw badRequest('invalid_parameter', 'from: must be before to')
  return {
    from: f.from ?? null,
    to: f.to ?? null,
    categories: f.category ?? null,
    statuses: f.status ?? null,
    community: f.community ?? null,
    grid: f.grid ?? null,
    bbox: f.bbox ?? null,
  }
}

/** The bound parameters of filtered_issues() after the street id, in its argument order. */
export function filterParams(f: Filters): unknown[] {
  const p = issueFilter(f)
  return [p.from, p.to, p.categories, p.statuses, p.community, p.grid, p.bbox]
}

/**
 * The street named by `code`, else by the street switcher's cookie (anonymous readers), else the
 * only one the deployment holds; no account rule applies (login uses it: nobody is signed in yet).
 */
export async function lookupStreet(q: Queryable, code?: string): Promise<number> {
  const byCode = async (c: string) => (await q.query<{ id: number }>('SELECT id FROM streets WHERE code = $1', [c]))[0]?.id ?? null
  if (code) {
    const id = await byCode(code)
    if (id === null) throw notFound(`没有编码为 ${code} 的街道 (street not found)`)
    return id
  }
  // a switcher cookie naming a street that is gone is ignored
  const preferred = defaultCode()
  const chosen = preferred ? await byCode(preferred) : null
  if (chosen !== null) return chosen
  const rows = await q.query<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 2')
  if (rows.length === 0) throw notFound('尚未加载任何街道数据 (no street loaded)')
  if (rows.length > 1) throw badRequest('street_required', 'street: 此部署包含多个街道，请指定 street 参数')
  return rows[0].id
}

/**
 * The street a request means: for a signed-in caller their own street (a district account: any
 * street it names for reading, see streets/scope.ts); for anyone else as lookupStreet finds it.
 */
export async function resolveStreet(q: Queryable, code?: string): Promise<number> {
  const scoped = scopedStreet(code ? await lookupStreet(q, code) : null)
  return scoped ?? lookupStreet(q)
}
