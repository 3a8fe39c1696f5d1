/**
 * Scoring a point (督查): every item of the point's current checklist answered, score = max(0, 100 −
 * Σ points of failed items), and every failed item opened as an issue at the point through the
 * closed loop's own insertIssue (deadline, group, photos, notice later) — all in the caller's
 * transaction, so a failure anywhere leaves neither the inspection nor any of its issues.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { readChecklists, type ChecklistItem } from '../checklists/store.ts'
import { unprocessable } from '../errors.ts'
import { instant } from '../filters.ts'
import { CLOCK_SKEW_MS, insertIssue, photoIds } from '../issues/create.ts'

const Q = { point: sql(import.meta.url, 'point.sql'), insert: namedSql(import.meta.url, 'insert.sql') }

const CODE = /^[0-9A-Za-z_-]{1,40}$/

export const inspectionBody = z
  .object({
    point_code: z.string().regex(CODE, 'not a valid point code'),
    items: z
      .array(
        z
          .object({
            code: z.string().regex(CODE, 'not a valid item code'),
            pass: z.boolean(),
            note: z.string().trim().max(500).default(''),
            photos: photoIds,
          })
          .strict(),
      )
      .max(60),
    at: instant.optional(),
    street: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  })
  .strict()
export type InspectionBody = z.infer<typeof inspectionBody>

interface PointRow {
  code: string
  name: string
  class_code: string
  lon: number
  lat: number
  grid_code: string | null
  community_code: string | null
  version: number | null
}

/** The score of a set of answers: 100 minus the failed items' points, never below 0. */
export function scoreOf(items: ChecklistItem[], failed: Set<string>): number {
  return Math.max(0, 100 - items.filter((i) => failed.has(i.code)).reduce((s, i) => s + i.points, 0))
}

/** Checks the answers against the checklist: each item once, none unknown, none missing, photos where required. */
function checkAnswers(items: ChecklistItem[], answers: InspectionBody['items']) {
  const known = new Map(items.map((i) => [i.code, i]))
  const seen = new Set<string>()
  for (const a of answers) {
    if (!known.has(a.code)) throw unprocessable('unknown_item', `检查表中没有此项: ${a.code} (unknown checklist item)`)
    if (seen.has(a.code)) throw unprocessable('duplicate_item', `检查项重复作答: ${a.code} (item answered twice)`)
    seen.add(a.code)
    const item = known.get(a.code)!
    if (a.pass && a.photos?.length) throw unprocessable('photo_on_passed_item', `通过的检查项不附照片: ${a.code} (photos belong to failed items)`)
    if (!a.pass && item.photo_required && !a.photos?.length)
      throw unprocessable('photo_required', `「${item.text}」不通过时须拍照 (a photo is required for a failed item ${a.code})`)
  }
  const missing = items.filter((i) => !seen.has(i.code)).map((i) => i.code)
  if (missing.length) throw unprocessable('incomplete_inspection', `还有 ${missing.length} 个检查项未作答: ${missing.join(', ')} (unanswered items)`)
}

/** Writes one inspection and its issues inside the caller's transaction; returns ids for the answer and the stream. */
export async function insertInspection(q: Queryable, street: number, body: InspectionBody, user: User, now: Date) {
  const at = body.at ?? now
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw unprocessable('date_out_of_range', `at: 检查时间不能晚于当前时间（允许 ${CLOCK_SKEW_MS / 60_000} 分钟误差）(in the future)`)
  const [point] = await q.query<PointRow>(Q.point, [street, body.point_code])
  if (!point) throw unprocessable('unknown_point', `没有编号为 ${body.point_code} 的点位 (unknown point)`)
  if (point.version === null) throw unprocessable('no_checklist', `点位类别 ${point.class_code} 还没有检查表 (no checklist for the class)`)
  const [list] = await readChecklists(q, street, point.class_code, point.version)
  checkAnswers(list.items, body.items)
  const byCode = new Map(list.items.map((i) => [i.code, i]))
  const failed = new Set(body.items.filter((a) => !a.pass).map((a) => a.code))
  const issues: number[] = []
  const events: number[] = []
  const answers = []
  // in checklist order, so the issues' ids follow the form
  for (const item of list.items) {
    const a = body.items.find((x) => x.code === item.code)!
    let issueId: number | null = null
    if (!a.pass) {
      const description = `【督查】${point.name}：${item.text}不达标${a.note ? `。${a.note}` : ''}`
      const made = await insertIssue(
        q,
        street,
        {
          lon: point.lon,
          lat: point.lat,
          crs: 'wgs84',
          category: item.category,
          description,
          source: 'inspection',
          reported_at: at,
          photos: a.photos,
        },
        user,
        now,
      )
      issueId = made.id
      issues.push(made.id)
      events.push(made.eventId)
    }
    answers.push({ code: a.code, pass: a.pass, note: a.note, photos: a.photos ?? [], issue_id: issueId })
  }
  const score = scoreOf(list.items, failed)
  const [row] = await q.query<{ id: number; items: number }>(
    Q.insert.text,
    Q.insert.params({
      street,
      point_code: point.code,
      class_code: point.class_code,
      version: list.version,
      at,
      score,
      failed: failed.size,
      grid_code: point.grid_code,
      community_code: point.community_code,
      inspector: user.username,
      now,
      items: JSON.stringify(answers),
    }),
  )
  if (row.items !== byCode.size) throw new Error('inspection items not all written')
  return { id: row.id, point_code: point.code, checklist_version: list.version, score, issues, events }
}
