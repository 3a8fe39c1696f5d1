/** The audit log: logins, failed logins, permission denials and account changes. */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'
import { resolveStreet } from '../filters.ts'
import { INSERT_AUDIT } from './queries.ts'

/** The client's address as the socket saw it ('' in tests without a socket). */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? ''
  } catch {
    return ''
  }
}

/** Writes one audit entry for the request's street and user. */
export async function audit(c: Context<AppEnv>, action: string, target: string, detail: Record<string, unknown> = {}, actor?: string) {
  const { db } = c.var.deps
  const street = c.var.user?.street_id ?? (await resolveStreet(db))
  const who = actor ?? c.var.user?.username ?? 'anonymous'
  await db.query(INSERT_AUDIT, [street, who, action, target, JSON.stringify(detail), clientAddress(c)])
}
