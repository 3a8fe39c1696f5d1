/** A 12345 work order in: its category, its place (given, located from the address, or left for staff), its issue. */
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { loadCalendar } from '../deadlines/calendar.ts'
import { deadlineFor } from '../deadlines/worktime.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { instant } from '../filters.ts'
import { CLOCK_SKEW_MS, toWgs84 } from '../issues/create.ts'
import { insertIssueRecords, loadCategories, type Category, type IssueRecord } from '../imports/issues.ts'
import { outsideOf } from '../imports/report.ts'
import { LOCATE_THRESHOLD, loadGazetteer, locate, type Located } from './locator.ts'

const Q = {
  claim: sql(import.meta.url, 'case-claim.sql'),
  get: sql(import.meta.url, 'case-get.sql'),
  placed: sql(import.meta.url, 'case-placed.sql'),
  lock: sql(import.meta.url, 'case-lock.sql'),
}

const crs = z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84')

export const caseBody = z
  .object({
    case_no: z.string().trim().min(1).max(60),
    reported_at: instant,
    description: z.string().trim().min(1).max(2000),
    category: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,40}$/)
      .optional(),
    category_text: z.string().trim().max(100).optional(),
    address: z.string().trim().max(500).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    crs,
    deadline: instant.optional(),
  })
  .strict()
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { message: 'lon 与 lat 须同时提供 (lon and lat together)', path: ['lon'] })
export type CaseBody = z.infer<typeof caseBody>

export const placeBody = z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs }).strict()

/** The category of an order: our code, else its name in category_text, else a category name the text or description mentions. */
function categoryOf(b: CaseBody, list: Category[]): Category {
  if (b.category) {
    const k = list.find((c) => c.code === b.category)
    if (!k) throw unprocessable('unknown_category', `没有这个问题类别: ${b.category} (unknown category)`)
    return k
  }
  const text = b.category_text ?? ''
  const k =
    list.find((c) => c.name === text) ??
    (text ? list.find((c) => text.includes(c.name) || c.name.includes(text)) : undefined) ??
    list.find((c) => b.description.includes(c.name))
  if (!k)
    throw unprocessable(
      'unknown_category',
      `无法确定问题类别"${text}"，请提供 category（可用：${list.map((c) => `${c.code} ${c.name}`).join('、')}）`,
    )
  return k
}

export interface CaseAnswer {
  case_no: string
  issue_id: number | null
  located: boolean
  confidence?: number | null
}

/** Files one order inside the caller's transaction: `created` false when the 工单号 was already received. */
export async function fileCase(q: Queryable, street: number, b: CaseBody, actor: string, now: Date) {
  const [known] = await q.query<{ issue_id: number | null }>(Q.get, [street, b.case_no])
  if (known) return { created: false, answer: answerOf(b.case_no, known.issue_id), eventIds: [] as number[] }
  if (b.reported_at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw unprocessable('date_out_of_range', 'reported_at: 受理时间不能晚于当前时间')
  if (b.deadline && b.deadline <= b.reported_at) throw unprocessable('invalid_deadline', 'deadline: 办结时限须晚于受理时间')
  const k = categoryOf(b, await loadCategories(q, street))
  const place = await placeOf(q, street, b)
  const wgs = place && place.confidence >= LOCATE_THRESHOLD ? place : null
  const claimed = await q.query(Q.claim, [
    street,
    b.case_no,
    now,
    actor,
    b.reported_at,
    b.description,
    k.code,
    b.address ?? '',
    b.deadline ?? null,
    place?.lon ?? null,
    place?.lat ?? null,
    place?.confidence ?? null,
  ])
  if (!claimed.length) {
    const [again] = await q.query<{ issue_id: number | null }>(Q.get, [street, b.case_no])
    return { created: false, answer: answerOf(b.case_no, again?.issue_id ?? null), eventIds: [] as number[] }
  }
  if (!wgs) return { created: true, answer: { ...answerOf(b.case_no, null), confidence: place?.confidence ?? null }, eventIds: [] as number[] }
  const given = b.lon !== undefined && place?.matched === 'coordinates'
  const made = await createIssue(q, street, b.case_no, { ...b, category: k.code }, k, wgs, given ? b : null, actor, { located_by: place!.matched })
  await q.query(Q.placed, [street, b.case_no, made.issue_id, actor, now])
  return { created: true, answer: { ...answerOf(b.case_no, made.issue_id), confidence: wgs.confidence }, eventIds: [made.event_id] }
}

function answerOf(case_no: string, issue_id: number | string | null): CaseAnswer {
  return { case_no, issue_id: issue_id === null ? null : Number(issue_id), located: issue_id !== null }
}

/** The order's place: its coordinates when they fall in a grid, else what the locator makes of the address. */
async function placeOf(q: Queryable, street: number, b: CaseBody): Promise<Located | null> {
  if (b.lon !== undefined && b.lat !== undefined) {
    const [lon, lat] = toWgs84(b.lon, b.lat, b.crs)
    if (!(await outsideOf(q, street, [{ i: 0, lon, lat }], true)).size) return { lon, lat, confidence: 1, matched: 'coordinates' }
  }
  if (!b.address) return null
  const located = await locate(q, await loadGazetteer(q, street), b.address)
  if (located && (await outsideOf(q, street, [{ i: 0, lon: located.lon, lat: located.lat }], true)).size) located.confidence = 0
  return located
}

/** Writes the issue of an order at a WGS84 point; the order's own deadline when it has one. */
async function createIssue(
  q: Queryable,
  street: number,
  case_no: string,
  b: { reported_at: Date; description: string; category: string; deadline?: Date | null },
  k: Category,
  at: { lon: number; lat: number },
  source: { lon?: number; lat?: number; crs: IssueRecord['crs'] } | null,
  actor: string,
  data: Record<string, unknown>,
) {
  const deadline = b.deadline ?? deadlineFor(b.reported_at, { value: k.time_limit_value, unit: k.time_limit_unit }, await loadCalendar(q, street))
  const rec: IssueRecord = {
    case_no,
    category_code: k.code,
    description: b.description,
    source: 'hotline_12345',
    lon: at.lon,
    lat: at.lat,
    crs: source?.crs ?? 'wgs84',
    src_lon: source?.lon ?? at.lon,
    src_lat: source?.lat ?? at.lat,
    reported_at: b.reported_at.toISOString(),
    deadline: deadline.toISOString(),
  }
  const [made] = await insertIssueRecords(q, street, [rec], actor, data)
  return { issue_id: Number(made.issue_id), event_id: Number(made.event_id) }
}

/** Places an order from the 待定位 queue where staff put it on the map; it joins the loop as an issue. */
export async function placeCase(q: Queryable, street: number, case_no: string, p: z.infer<typeof placeBody>, actor: string, now: Date) {
  const [h] = await q.query<{ issue_id: number | null; reported_at: Date; description: string; category_code: string; deadline: Date | null }>(
    Q.lock,
    [street, case_no],
  )
  if (!h) throw notFound(`没有工单号为 ${case_no} 的工单 (case not found)`)
  if (h.issue_id !== null) throw conflict('already_placed', `工单 ${case_no} 已定位，问题编号 ${h.issue_id} (already placed)`)
  const [lon, lat] = toWgs84(p.lon, p.lat, p.crs)
  if ((await outsideOf(q, street, [{ i: 0, lon, lat }], true)).size)
    throw unprocessable('outside_street', '该位置不在本街道范围内 (point outside the street)')
  const k = (await loadCategories(q, street)).find((c) => c.code === h.category_code)!
  const made = await createIssue(
    q,
    street,
    case_no,
    { ...h, category: h.category_code },
    k,
    { lon, lat },
    { lon: p.lon, lat: p.lat, crs: p.crs },
    actor,
    { placed_by: actor },
  )
  const done = await q.query(Q.placed, [street, case_no, made.issue_id, actor, now])
  if (!done.length) throw conflict('already_placed', `工单 ${case_no} 已被他人定位 (already placed)`)
  return { answer: answerOf(case_no, made.issue_id), eventIds: [made.event_id] }
}
