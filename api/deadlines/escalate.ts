/**
 * Overdue escalation: 催办 (reminder to the responsible group) at the deadline and 督办 (to the group
 * leader and the street's leader) after loop_settings.escalate_after_hours more. Both are issue
 * events, pushed live, and both show in lists (reminded_at, escalated_at).
 */
import { type Db, describeError } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { publishEvents } from '../stream/publish.ts'

const Q = { due: sql(import.meta.url, 'escalate-due.sql'), escalate: sql(import.meta.url, 'escalate.sql') }

/** At most this many issues per statement and transaction (see escalate.sql). */
export const ESCALATION_BATCH = 100

/**
 * One pass over every street: for each street and kind, statements of at most `batch` issues, each
 * in a transaction of its own, until one finds fewer; each batch's events are pushed live once it
 * has committed. Several API processes on one server each run the timer: a batch first takes an
 * advisory lock per street, so two processes' batches of one street run one after the other (the
 * later finds what the earlier wrote and skips it) and a pass never leaves a street out. A batch
 * locks its issues before it writes events, as a transition does, and skips an issue a transition
 * holds (the next pass takes it). Nothing is written twice. Returns the ids of the events written.
 */
export async function escalate(db: Db, now: Date, batch = ESCALATION_BATCH): Promise<{ remind: number[]; supervise: number[] }> {
  const out = { remind: [] as number[], supervise: [] as number[] }
  const streets = await db.query<{ id: number }>('SELECT id FROM streets ORDER BY id')
  for (const { id: street } of streets) {
    for (const kind of ['remind', 'supervise'] as const) {
      for (;;) {
        const ids = await db.tx(async (q) => {
          await q.query("SELECT pg_advisory_xact_lock(hashtext('civic-grid:escalation'), $1)", [street])
          const due = (await q.query<{ id: number }>(Q.due, [street, now, kind, batch])).map((r) => r.id)
          return due.length ? (await q.query<{ id: number }>(Q.escalate, [street, now, kind, due])).map((r) => r.id) : []
        })
        out[kind].push(...ids)
        await publishEvents(db, street, now, ids)
        if (ids.length < batch) break
      }
    }
  }
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
