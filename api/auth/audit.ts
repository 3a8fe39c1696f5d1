/** The audit log: logins, failed logins, permission denials and account changes. */
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'
import { lookupStreet } from '../filters.ts'
import { clientAddress } from '../security/client.ts'
import { INSERT_AUDIT } from './queries.ts'

// Feature code imports the client's address from here, beside the audit log that records it.
export { clientAddress }

/** Writes one audit entry for the request's street (or `streetId`, e.g. the street a login named) and user. */
export async function audit(
  c: Context<AppEnv>,
  action: string,
  target: string,
  detail: Record<string, unknown> = {},
  actor?: string,
  streetId?: number,
) {
  const { db } = c.var.deps
  // anonymous in a district with no street named: the first street's log (the entry must not be lost)
  const first = async () => (await db.query<{ id: number }>('SELECT min(id) AS id FROM streets'))[0].id
  const street = c.var.user?.street_id ?? streetId ?? (await lookupStreet(db).catch(first))
  const who = actor ?? c.var.user?.username ?? 'anonymous'
  await db.query(INSERT_AUDIT, [street, who, action, target, JSON.stringify(detail), clientAddress(c)])
}
