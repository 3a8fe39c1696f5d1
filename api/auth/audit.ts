/** The audit log: logins, failed logins, permission denials and account changes. */
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'
import { resolveStreet } from '../filters.ts'
import { clientAddress } from '../security/client.ts'
import { INSERT_AUDIT } from './queries.ts'

// Feature code imports the client's address from here, beside the audit log that records it.
export { clientAddress }

/** Writes one audit entry for the request's street and user. */
export async function audit(c: Context<AppEnv>, action: string, target: string, detail: Record<string, unknown> = {}, actor?: string) {
  const { db } = c.var.deps
  const street = c.var.user?.street_id ?? (await resolveStreet(db))
  const who = actor ?? c.var.user?.username ?? 'anonymous'
  await db.query(INSERT_AUDIT, [street, who, action, target, JSON.stringify(detail), clientAddress(c)])
}
