/** The contract's state machine ("Issue states and transitions"): which action moves what where. */
import type { User } from '../auth/user.ts'

export const ACTIONS = ['assign', 'start', 'rectify', 'approve', 'reject', 'answer', 'reopen', 'merge'] as const
export type Action = (typeof ACTIONS)[number]
export type Status = 'reported' | 'assigned' | 'rectifying' | 'rectified' | 'closed' | 'answered'

export const TRANSITIONS: Record<Action, { from: readonly Status[]; to: Status }> = {
  assign: { from: ['reported'], to: 'assigned' },
  start: { from: ['assigned'], to: 'rectifying' },
  rectify: { from: ['assigned', 'rectifying'], to: 'rectified' },
  approve: { from: ['rectified'], to: 'closed' },
  reject: { from: ['rectified'], to: 'rectifying' },
  answer: { from: ['assigned', 'rectifying'], to: 'answered' },
  reopen: { from: ['closed', 'answered'], to: 'rectifying' },
  merge: { from: ['reported'], to: 'closed' },
}

export const STATUS_ZH: Record<Status, string> = {
  reported: '已上报',
  assigned: '已交办',
  rectifying: '整改中',
  rectified: '已整改',
  closed: '已销号',
  answered: '已答复',
}

/**
 * Whether `user` may perform `action`. The one role check of the closed loop: the accounts work
 * plugs in here. Until login exists no user is known, so every action is allowed and the actor is
 * whatever the body names; once a user is set, 答复 is for leaders (and admins) only.
 */
export function mayPerform(action: Action, user: User | undefined): boolean {
  if (!user) return true
  if (user.role === 'kiosk') return false
  if (action === 'answer') return user.role === 'leader' || user.role === 'admin'
  return true
}
