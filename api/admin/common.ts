/** What every admin change shares: the admin's street, and an audit entry inside the change's transaction. */
import type { Context } from 'hono'
import type { Queryable } from '../../db/adapter.ts'
import { clientAddress } from '../auth/audit.ts'
import { currentUser } from '../auth/guard.ts'
import { INSERT_AUDIT } from '../auth/queries.ts'
import type { AppEnv } from '../env.ts'

/** The street the signed-in admin manages (every admin row carries it). */
export const adminStreet = (c: Context<AppEnv>): number => currentUser(c).street_id

/**
 * Writes one audit entry in the same transaction as the change it records (audit() of api/auth
 * writes outside any transaction), so a change and its trace commit or roll back together.
 */
export async function auditIn(q: Queryable, c: Context<AppEnv>, action: string, target: string, detail: Record<string, unknown>) {
  const u = currentUser(c)
  await q.query(INSERT_AUDIT, [u.street_id, u.username, action, target, JSON.stringify(detail), clientAddress(c)])
}
