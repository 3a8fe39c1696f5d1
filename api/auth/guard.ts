/** Route guards: who may call an endpoint. Denials are audited. */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { ApiError, forbidden, unauthorized } from '../errors.ts'
import { audit } from './audit.ts'
import type { Role, User } from './user.ts'

/** Every signed-in role but the wall display's: those who may see personal data. */
export const STAFF: Role[] = ['admin', 'leader', 'group_leader', 'inspector', 'grid_manager']

/** Every role that may change anything: all signed-in roles but the wall display's (same as STAFF). */
export const WRITERS: Role[] = STAFF

/**
 * The roles that inspect and judge the work (测评, 通报, photo evidence, 随手拍 moderation): every
 * staff role but the grid manager, whose own grid is what they judge.
 */
export const INSPECTORS = ['inspector', 'group_leader', 'leader', 'admin'] as const satisfies readonly Role[]

/** Why a request is refused by a role or scope rule: the status and error the API answers with. */
export interface Denial {
  status: 403 | 404 | 422
  code: string
  message: string
}

/** A refusal by a permission rule; routes audit it (auditDenials) before it reaches the client. */
export class Denied extends ApiError {
  constructor(readonly denial: Denial) {
    super(denial.status, denial.code, denial.message)
  }
}

/** Runs `fn`; a Denied it throws is written to the audit log as a permission denial, then rethrown. */
export async function auditDenials<T>(c: Context<AppEnv>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof Denied) await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: c.var.user?.role, code: err.code })
    throw err
  }
}

/** Lets the request through only for the given roles: 401 when anonymous, 403 otherwise. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user
    if (!user) throw unauthorized()
    if (!roles.includes(user.role)) {
      await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: user.role })
      throw forbidden('forbidden', '无权执行此操作 (not allowed for your role)')
    }
    await next()
  }
}

/** The grids a user is limited to: a grid manager's patch, or null for roles that see every grid. */
export function gridScope(user: User | undefined): string[] | null {
  return user?.role === 'grid_manager' ? user.grids : null
}

/** Whether a row in `gridCode` is visible under `scope` (null = every grid; a row with no grid is not). */
export function inScope(scope: string[] | null, gridCode: string | null | undefined): boolean {
  return scope === null || (gridCode != null && scope.includes(gridCode))
}

/** The current user, or a 401 (for handlers behind requireRole). */
export function currentUser(c: Context<AppEnv>): User {
  if (!c.var.user) throw unauthorized()
  return c.var.user
}
