/**
 * Overdue escalation: 催办 (reminder to the responsible group) at the deadline and 督办 (to the group
 * leader and the street's leader) after loop_settings.escalate_after_hours more. Both are issue
 * events, pushed live, and both show in lists (reminded_at, escalated_at).
 */
import { type Db, describeError } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { publishEvents } from '../stream/publish.ts'

const Q = { escalate: sql(import.meta.url, 'escalate.sql') }

/**
 * One pass over every street, in one transaction that only one process runs at a time (several
 * API processes on one server each run the timer; the others skip while one holds the lock);
 * returns the ids of the events written. The statement itself never writes an event twice.
 */
export async function escalate(db: Db, now: Date): Promise<{ remind: number[]; supervise: number[] }> {
  const out = { remind: [] as number[], supervise: [] as number[] }
  const written: [street: number, ids: number[]][] = []
  await db.tx(async (q) => {
    const [lock] = await q.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('civic-grid:escalation')) AS ok")
    if (!lock.ok) return
    const streets = await q.query<{ id: number }>('SELECT id FROM streets ORDER BY id')
    for (const { id: street } of streets) {
      for (const kind of ['remind', 'supervise'] as const) {
        const ids = (await q.query<{ id: number }>(Q.escalate, [street, now, kind])).map((r) => r.id)
        out[kind].push(...ids)
        written.push([street, ids])
      }
    }
  })
  for (const [street, ids] of written) await publishEvents(db, street, now, ids)
  return out
}

/** Default interval of the escalation timer. */
export const ESCALATION_INTERVAL_MS = 60_000

/** Starts the timer the server runs; returns the function that stops it. */
export function startEscalation(db: Db, now: () => Date, intervalMs = ESCALATION_INTERVAL_MS): () => void {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    escalate(db, now())
      .catch((err) => console.error(`[escalation] pass failed (${describeError(err)})`))
      .finally(() => (running = false))
  }
  const t = setInterval(tick, intervalMs)
  tick()
  return () => clearInterval(t)
}
