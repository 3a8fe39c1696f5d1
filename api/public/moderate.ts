/**
 * Moderation of residents' reports: accept (an ordinary issue, source = 'public', located, routed and
 * deadlined by the same code as a staff report), merge into an open issue nearby, or reject with a
 * reason from the list. One decision per report.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { insertIssue } from '../issues/create.ts'
import { REJECT_CODES } from './limits.ts'

const Q = {
  lock: sql(import.meta.url, 'lock.sql'),
  decide: sql(import.meta.url, 'decide.sql'),
  attach: sql(import.meta.url, 'attach.sql'),
  target: sql(import.meta.url, 'merge-target.sql'),
}

export { MODERATORS } from './limits.ts'

export const decisionBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('accept'),
      /** The moderator may correct the category the resident picked. */
      category: z
        .string()
        .regex(/^[0-9A-Za-z_-]{1,40}$/)
        .optional(),
      description: z.string().trim().min(1).max(2000).optional(),
    })
    .strict(),
  z.object({ action: z.literal('merge'), issue_id: z.number().int().positive() }).strict(),
  z.object({ action: z.literal('reject'), reason: z.enum(REJECT_CODES) }).strict(),
])
export type Decision = z.infer<typeof decisionBody>

interface Pending {
  id: number
  status: string
  category_code: string
  description: string
  lon: number
  lat: number
  received_at: Date
}

/** Applies a decision in the caller's transaction; returns the issue and the events to publish. */
export async function decide(q: Queryable, street: number, id: number, d: Decision, user: User, now: Date) {
  const [r] = await q.query<Pending>(Q.lock, [street, id])
  if (!r) throw notFound(`没有编号为 ${id} 的市民上报 (report not found)`)
  if (r.status !== 'pending') throw conflict('already_moderated', `该上报已审核 (already ${r.status})`)
  const by = user.username
  if (d.action === 'reject') {
    await q.query(Q.decide, [street, id, 'rejected', now, by, d.reason, null])
    return { issueId: null, events: [] as number[] }
  }
  if (d.action === 'merge') {
    const [t] = await q.query<{ id: number }>(Q.target, [street, d.issue_id])
    if (!t) throw unprocessable('invalid_merge_target', `合并目标 ${d.issue_id} 不存在或已办结 (target not found or not open)`)
    await q.query(Q.decide, [street, id, 'merged', now, by, null, t.id])
    return { issueId: t.id, events: [] as number[] }
  }
  const made = await insertIssue(
    q,
    street,
    {
      lon: r.lon,
      lat: r.lat,
      crs: 'wgs84',
      category: d.category ?? r.category_code,
      description: d.description ?? (r.description || '市民随手拍（未填写描述）'),
      source: 'public',
      reported_at: r.received_at,
    },
    user,
    now,
  )
  await q.query(Q.attach, [street, id, made.id, made.eventId])
  await q.query(Q.decide, [street, id, 'accepted', now, by, null, made.id])
  return { issueId: made.id, events: [made.eventId] }
}
