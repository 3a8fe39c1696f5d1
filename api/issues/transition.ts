/** POST /issues/:id/transitions: one step of the closed loop, with its event, in one transaction. */
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { noticeNo } from '../../db/seed/notice.ts'
import { sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { streetDeadline } from '../deadlines/calendar.ts'
import { localDay, type TimeLimit } from '../deadlines/worktime.ts'
import { Denied } from '../auth/guard.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { attachPhotos, photoIds } from './create.ts'
import { ACTIONS, mayPerform, STATUS_ZH, TRANSITIONS, type Action, type Status, type Subject } from './states.ts'

const Q = {
  transition: sql(import.meta.url, 'transition.sql'),
  notice: sql(import.meta.url, 'notice-no.sql'),
  event: sql(import.meta.url, 'event.sql'),
  subjects: sql(import.meta.url, 'subjects.sql'),
  mergeRoot: sql(import.meta.url, 'merge-root.sql'),
}

export const transitionBody = z
  .object({
    action: z.enum(ACTIONS),
    note: z.string().trim().max(2000).optional(),
    photos: photoIds,
    version: z.number().int().positive().optional(),
    target_id: z.number().int().positive().optional(),
  })
  .strict()
export type TransitionBody = z.infer<typeof transitionBody>

/** What the request itself must carry, checked before anything is read or written. */
function checkBody(b: TransitionBody, id: number, user: User) {
  const denial = mayPerform(b.action, user)
  if (denial) throw new Denied(denial)
  if (b.action === 'rectify' && !b.note && !b.photos?.length)
    throw unprocessable('evidence_required', '已整改需附整改后照片或说明 (after-photo or note required)')
  if (b.action === 'answer' && !b.note) throw unprocessable('reason_required', '答复需填写书面理由 (written reason required)')
  if (b.action === 'merge' && (!b.target_id || b.target_id === id))
    throw unprocessable('invalid_merge_target', '合并需指定另一个问题 target_id (target_id of another issue required)')
}

/** The issue-aware half of the role check: the caller's grids or group must cover the issues touched. */
async function checkScope(q: Queryable, street: number, id: number, b: TransitionBody, user: User) {
  const ids = b.action === 'merge' && b.target_id ? [id, b.target_id] : [id]
  const rows = await q.query<Subject>(Q.subjects, [street, ids])
  const issue = rows.find((r) => Number(r.id) === id)
  if (!issue) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
  const target = b.target_id ? rows.find((r) => Number(r.id) === b.target_id) : undefined
  const denial = mayPerform(b.action, user, { ...issue, id }, target && { ...target, id: b.target_id! })
  if (denial) throw new Denied(denial)
}

/**
 * A merged duplicate is not a case of its own (the indicators leave it out), so it cannot come back
 * alone: if the problem recurs, the issue it was merged into is the one to reopen (409).
 */
async function refuseReopeningDuplicate(q: Queryable, street: number, id: number) {
  const [main] = await q.query<{ id: number | string }>(Q.mergeRoot, [street, id])
  if (main)
    throw conflict(
      'merged_duplicate',
      `问题 #${id} 已作为重复问题合并到 #${main.id}，不能单独重新打开；问题复现请重新打开主问题 #${main.id} (a merged duplicate cannot be reopened; reopen issue ${main.id})`,
    )
}

/** Why a transition matched no row: 404, a stale version, or an action not allowed from the current state. */
async function whyNot(q: Queryable, street: number, id: number, b: TransitionBody): Promise<never> {
  const [cur] = await q.query<{ status: Status; version: number }>('SELECT status, version FROM issues WHERE street_id = $1 AND id = $2', [
    street,
    id,
  ])
  if (!cur) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
  const zh = `${STATUS_ZH[cur.status]} (${cur.status})`
  if (!TRANSITIONS[b.action].from.includes(cur.status))
    throw conflict('illegal_transition', `当前状态为${zh}，不能执行 ${b.action} (current state: ${cur.status}, version ${cur.version})`)
  throw conflict('version_conflict', `问题已被他人更新，当前状态为${zh}，版本 ${cur.version} (stale version)`)
}

/** Performs one action inside the caller's transaction; returns the ids of the events written. */
export async function applyTransition(q: Queryable, street: number, id: number, b: TransitionBody, user: User, now: Date) {
  checkBody(b, id, user)
  await checkScope(q, street, id, b, user)
  if (b.action === 'reopen') await refuseReopeningDuplicate(q, street, id)
  const t = TRANSITIONS[b.action as Action]
  const actor = user.username
  const data: Record<string, unknown> = {}
  let target: { status: Status } | undefined
  if (b.action === 'merge') {
    ;[target] = await q.query<{ status: Status }>('SELECT status FROM issues WHERE street_id = $1 AND id = $2 AND is_open(status) FOR UPDATE', [
      street,
      b.target_id,
    ])
    if (!target) throw unprocessable('invalid_merge_target', `合并目标 ${b.target_id} 不存在或已办结 (target not found or not open)`)
    data.target_id = b.target_id
  }
  const newDeadline = b.action === 'reopen' ? await reopenDeadline(q, street, id, now) : null
  const [row] = await q.query<{ from_status: Status; version: number }>(Q.transition, [
    street,
    id,
    t.from,
    t.to,
    now,
    b.action,
    b.target_id ?? null,
    b.version ?? null,
    newDeadline,
  ])
  if (!row) return whyNot(q, street, id, b)
  if (b.action === 'assign') data.notice_no = await assignNotice(q, street, id, now)
  if (newDeadline) data.deadline = newDeadline.toISOString()
  const [ev] = await q.query<{ id: number }>(Q.event, [street, id, now, actor, b.action, row.from_status, t.to, b.note ?? '', JSON.stringify(data)])
  await attachPhotos(q, street, id, ev.id, user, b.photos)
  const ids = [ev.id]
  if (target) {
    const [m] = await q.query<{ id: number }>(Q.event, [
      street,
      b.target_id,
      now,
      actor,
      'merged',
      target.status,
      target.status,
      `合并重复问题 #${id}`,
      JSON.stringify({ source_id: id }),
    ])
    ids.push(m.id)
  }
  return ids
}

/** A reopened problem gets a fresh deadline under its category's time limit, counted from now. */
async function reopenDeadline(q: Queryable, street: number, id: number, now: Date): Promise<Date | null> {
  const [k] = await q.query<{ value: number; unit: TimeLimit['unit'] }>(
    `SELECT k.time_limit_value AS value, k.time_limit_unit AS unit FROM issues i
     JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code WHERE i.street_id = $1 AND i.id = $2`,
    [street, id],
  )
  return k ? streetDeadline(q, street, now, k) : null
}

/** Gives the issue its 整改通知单 number on first assignment; returns the number it holds. */
async function assignNotice(q: Queryable, street: number, id: number, now: Date): Promise<string> {
  const [cur] = await q.query<{ notice_no: string | null }>('SELECT notice_no FROM issues WHERE street_id = $1 AND id = $2', [street, id])
  if (cur?.notice_no) return cur.notice_no
  const year = Number(localDay(now).slice(0, 4))
  const [n] = await q.query<{ last_no: number; street_name: string }>(Q.notice, [street, year])
  const no = noticeNo(n.street_name, year, n.last_no)
  await q.query('UPDATE issues SET notice_no = $3 WHERE street_id = $1 AND id = $2', [street, id, no])
  return no
}
