/** The contract's state machine ("Issue states and transitions"): which action moves what where. */
import type { Denial } from '../auth/guard.ts'
import type { Role, User } from '../auth/user.ts'

export const ACTIONS = ['assign', 'start', 'rectify', 'approve', 'reject', 'answer', 'reopen', 'merge'] as const
export type Action = (typeof ACTIONS)[number]
/** Every status an issue can have, in the closed loop's order: the one list (the database's CHECK agrees, states.test.ts). */
export const STATUSES = ['reported', 'assigned', 'rectifying', 'rectified', 'closed', 'answered'] as const
export type Status = (typeof STATUSES)[number]
/** The statuses that count as open (not yet closed or answered): the database's is_open() agrees. */
export const OPEN_STATUSES: readonly Status[] = ['reported', 'assigned', 'rectifying', 'rectified']

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

/** Who may take each step (docs/security.md); scope limits come on top, in mayPerform. */
export const ACTION_ROLES: Record<Action, readonly Role[]> = {
  assign: ['admin', 'leader', 'group_leader'],
  start: ['admin', 'leader', 'group_leader', 'grid_manager'],
  rectify: ['admin', 'leader', 'group_leader', 'grid_manager'],
  approve: ['admin', 'leader', 'inspector'],
  reject: ['admin', 'leader', 'inspector'],
  answer: ['admin', 'leader'],
  reopen: ['admin', 'leader', 'inspector'],
  merge: ['admin', 'leader', 'inspector', 'group_leader', 'grid_manager'],
}

/** Who may report a problem (a grid manager only inside their own grids). */
export const REPORT_ROLES: readonly Role[] = ['admin', 'leader', 'group_leader', 'inspector', 'grid_manager']

/** What the role check needs to know about an issue. */
export interface Subject {
  id: number
  grid_code: string | null
  group_code: string | null
  /** The actor of the latest 已整改 step, who may not pass their own work at 回头看. */
  rectified_by?: string | null
}

const notYours = (id: number): Denial => ({ status: 404, code: 'not_found', message: `没有编号为 ${id} 的问题 (issue not found)` })

/**
 * Whether `user` may perform `action` on `issue` (and, for a merge, on `target`): null when allowed,
 * otherwise the denial. The one role check of the closed loop. A grid manager is told an issue
 * outside their grids does not exist (404, as GET /issues/:id does); a group leader, who may read
 * every issue, gets 403 for another group's; nobody approves or rejects their own rectification.
 */
export function mayPerform(action: Action, user: User, issue?: Subject, target?: Subject): Denial | null {
  if (!ACTION_ROLES[action].includes(user.role))
    return { status: 403, code: 'forbidden', message: `您的角色不能执行 ${action} (not allowed for your role)` }
  for (const s of [issue, target]) {
    if (!s) continue
    if (user.role === 'grid_manager' && !(s.grid_code && user.grids.includes(s.grid_code)))
      // a target outside the patch is answered exactly as a target that does not exist
      return s === issue
        ? notYours(s.id)
        : { status: 422, code: 'invalid_merge_target', message: `合并目标 ${s.id} 不存在或已办结 (target not found or not open)` }
    if (user.role === 'group_leader' && s.group_code !== user.group_code)
      return { status: 403, code: 'outside_group', message: `问题 ${s.id} 不属于您的整治组 (issue of another group)` }
  }
  if ((action === 'approve' || action === 'reject') && issue?.rectified_by === user.username)
    return { status: 403, code: 'own_rectification', message: '回头看须由整改人以外的人员进行 (you rectified this issue yourself)' }
  return null
}

/** Whether `user` may report a problem that falls in `gridCode`: null when allowed. */
export function mayReport(user: User, gridCode: string): Denial | null {
  if (!REPORT_ROLES.includes(user.role)) return { status: 403, code: 'forbidden', message: '您的角色不能上报问题 (not allowed for your role)' }
  if (user.role === 'grid_manager' && !user.grids.includes(gridCode))
    return { status: 403, code: 'outside_patch', message: `该位置在网格 ${gridCode}，不在您负责的网格内 (the place is outside your grids)` }
  return null
}
