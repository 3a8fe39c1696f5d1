/** The reporter's view of a report (GET /public/reports/{code}) and their "解决了吗" answer. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { conflict, notFound } from '../errors.ts'
import { applyTransition } from '../issues/transition.ts'
import type { User } from '../auth/user.ts'
import { REJECT_REASONS, type PublicStatus, type RejectReason } from './limits.ts'

const Q = { track: sql(import.meta.url, 'track.sql'), feedback: sql(import.meta.url, 'feedback.sql') }

interface TrackRow {
  id: number
  code: string
  status: 'pending' | 'accepted' | 'rejected' | 'merged'
  reason: RejectReason | null
  received_at: Date
  moderated_at: Date | null
  issue_id: number | null
  issue_status: string | null
  steps: { at: string; action: string; to: string }[]
  after_photo: string | null
  closing: number | null
  feedback: { at: string; satisfied: boolean }[] | null
  answered: number
}

const STEP: Record<string, PublicStatus> = { assign: 'assigned', rectify: 'rectified', approve: 'closed', answer: 'closed', reopen: 'reopened' }
const CURRENT: Record<string, PublicStatus> = {
  reported: 'accepted',
  assigned: 'assigned',
  rectifying: 'assigned',
  rectified: 'rectified',
  closed: 'closed',
  answered: 'closed',
}

const NOT_FOUND = '没有这个查询码，请核对后重试 (no report with this code)'

async function row(db: Queryable, street: number, code: string): Promise<TrackRow> {
  const [r] = await db.query<TrackRow>(Q.track, [street, code])
  if (!r) throw notFound(NOT_FOUND)
  return r
}

/** The public timeline of a report: statuses and times, the reject reason, the after photo's address. */
export async function publicView(db: Queryable, street: number, code: string) {
  const r = await row(db, street, code)
  const timeline: { at: string; status: PublicStatus }[] = [{ at: isoLocal(r.received_at), status: 'pending' }]
  if (r.moderated_at && r.status !== 'pending') timeline.push({ at: isoLocal(r.moderated_at), status: r.status })
  for (const s of r.steps) {
    const status = STEP[s.action]
    // a merged report follows the issue from its merge on
    if (status && (!r.moderated_at || new Date(s.at) >= r.moderated_at || r.status === 'accepted'))
      timeline.push({ at: isoLocal(new Date(s.at)), status })
  }
  const status: PublicStatus = r.status === 'pending' || r.status === 'rejected' ? r.status : CURRENT[r.issue_status ?? 'reported']
  return {
    code: r.code,
    status,
    ...(r.reason ? { reason: REJECT_REASONS[r.reason] } : {}),
    timeline,
    ...(r.after_photo ? { after_photo: `/api/v1/public/reports/${r.code}/after-photo` } : {}),
    /** Whether the page asks "解决了吗？" now: the issue is closed and this closing not yet answered. */
    feedback_open: r.closing !== null && r.answered === 0,
    feedback: (r.feedback ?? []).map((f) => ({ at: isoLocal(new Date(f.at)), satisfied: f.satisfied })),
  }
}

/** Who reopens an issue for a dissatisfied resident: the channel itself, named as such in the timeline. */
const resident = (street: number): User => ({ street_id: street, username: '市民随手拍', role: 'inspector', grids: [], group_code: null })

/**
 * Records the reporter's answer to the latest closing; "not yet" reopens the issue through the loop's
 * own reopen step (back to 整改中 and 回头看), as a dissatisfied 回访 does. Returns the new event ids.
 */
export async function answerFeedback(q: Queryable, street: number, code: string, satisfied: boolean, note: string, now: Date) {
  const r = await row(q, street, code)
  if (r.closing === null || r.issue_id === null) throw conflict('not_closed', '问题尚未办结，办结后才能评价 (the issue is not closed)')
  await q.query('SELECT 1 FROM issues WHERE street_id = $1 AND id = $2 FOR UPDATE', [street, r.issue_id])
  const done = await q.query(Q.feedback, [street, r.id, r.closing, now, satisfied, note])
  if (!done.length) throw conflict('feedback_exists', '您已评价过本次办理结果 (already answered)')
  if (satisfied) return []
  return applyTransition(q, street, r.issue_id, { action: 'reopen', note: '市民反馈：问题尚未解决' }, resident(street), now)
}
