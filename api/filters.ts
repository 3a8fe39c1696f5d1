/** The filters shared by list and statistics endpoints, parsed from the query string. */
import { z } from 'zod'
import type { Queryable } from '../db/adapter.ts'
import { badRequest, notFound } from './errors.ts'

export const STATUSES = ['reported', 'assigned', 'rectifying', 'rectified', 'closed', 'answered'] as const

/** A comma list or a repeated parameter, as one array of trimmed, non-empty strings. */
const list = (item: z.ZodString) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(50))

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/

/** A date (local midnight in Asia/Shanghai) or a date-time (without an offset: Asia/Shanghai). */
export const instant = z
  .string()
  .refine((s) => DATE.test(s) || DATETIME.test(s), 'expected an ISO 8601 date or date-time')
  .transform((s, ctx) => {
    const text = DATE.test(s) ? `${s}T00:00:00+08:00` : /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}+08:00`
    const t = new Date(text)
    // Date() rolls 2026-02-30 over to 2 March; a calendar date must exist as written.
    const [y, m, d] = s.slice(0, 10).split('-').map(Number)
    const day = new Date(Date.UTC(y, m - 1, d))
    if (Number.isNaN(t.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      ctx.addIssue({ code: 'custom', message: 'not a real date' })
      return z.NEVER
    }
    return t
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
  street: z.string().regex(/^\d{9}$/, 'expected a 9-digit street code').optional(),
  from: instant.optional(),
  to: instant.optional(),
  category: list(code).optional(),
  status: list(z.enum(STATUSES) as unknown as z.ZodString).optional(),
  community: z.string().regex(/^\d{12}$/, 'expected a 12-digit community code').optional(),
  grid: z.string().regex(/^\d{14}$/, 'expected a 14-digit grid code').optional(),
  bbox: bbox.optional(),
}

export const filterSchema = z.object(filterShape).strict()
export type Filters = z.infer<typeof filterSchema>

/** The bound parameters of filtered_issues() after the street id, in order. */
export function filterParams(f: Filters): unknown[] {
  if (f.from && f.to && f.from >= f.to) throw badRequest('invalid_parameter', 'from: must be before to')
  return [f.from ?? null, f.to ?? null, f.category ?? null, f.status ?? null, f.community ?? null, f.grid ?? null, f.bbox ?? null]
}

/** The street a request means: by its code, or the only one the deployment holds. */
export async function resolveStreet(q: Queryable, code?: string): Promise<number> {
  const rows = code
    ? await q.query<{ id: number }>('SELECT id FROM streets WHERE code = $1', [code])
    : await q.query<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 2')
  if (code && rows.length === 0) throw notFound(`没有编码为 ${code} 的街道 (street not found)`)
  if (rows.length === 0) throw notFound('尚未加载任何街道数据 (no street loaded)')
  if (rows.length > 1) throw badRequest('street_required', 'street: 此部署包含多个街道，请指定 street 参数')
  return rows[0].id
}
