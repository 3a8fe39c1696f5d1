/** Why a queued item was held, in the user's language: what happened and what they can do. */
import type { Problem, QueuedWrite } from './queue.db.ts'

type T = (key: string, params?: Record<string, unknown>) => string

const PHOTO = new Set(['invalid_image', 'unsupported_image', 'photo_unreadable', 'payload_too_large'])

/** The reason's key under offline.why.* (each has a `what` and a `todo`). */
export function reasonOf(p: Problem): string {
  if (p.photo !== undefined || PHOTO.has(p.code)) return 'photo'
  if (p.status === 409 && p.latest?.action === 'merge') return 'merged'
  if (p.status === 409) return 'moved'
  if (p.status === 404) return 'gone'
  if (p.status === 403) return 'denied'
  if (p.code === 'outside_street') return 'outside'
  if (p.code === 'idempotency_key_reused') return 'reused'
  return 'other'
}

/** The two sentences the queue list shows for a held item. */
export function explain(w: QueuedWrite, t: T): { what: string; todo: string } {
  const p = w.problem!
  const r = reasonOf(p)
  const l = p.latest
  const params = {
    id: w.issue ?? '',
    n: (p.photo ?? 0) + 1,
    msg: p.message,
    target: l?.target ?? '',
    status: l ? t(`common.status.${l.status}`) : '',
    who: l?.actor ?? '',
    when: l?.at.slice(5, 16).replace('T', ' ') ?? '',
    step: l ? t(`patch.step.action.${l.action}`) : '',
  }
  return {
    what: t(`offline.why.${r}.what`, params) + (l && r === 'moved' ? t('offline.why.latest', params) : ''),
    todo: t(`offline.why.${r}.todo`, params),
  }
}
