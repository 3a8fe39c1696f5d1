/**
 * Warming the server's connections on the write path before users meet them (Db.warm). A connection
 * plans each statement, and each statement in the issue triggers (grid, rollups, day marks, cells,
 * hexes, coverage, campaigns, commit order), the first time it runs them: measured on 10⁵ issues, a
 * new connection's first report took 0.1–0.4 s alone and up to 1.7 s while others read, later ones
 * 5–40 ms. So on every connection, in a transaction that is rolled back:
 *
 * 1. issues of the street's first category and of bike parking inserted and assigned without events
 *    (the triggers' insert and update statements), rolled back to a savepoint at once: this takes
 *    neither 0190's event lock nor a notice counter, and gives back the rollup rows it touched;
 * 2. the same reports through the report's own path (place, deadline, issue and event) and the reads
 *    of its answer (timeline, duplicates). From here the event lock is held until the rollback, for
 *    statements already planned.
 *
 * A warm-up never takes a notice counter after the event lock: a 交办 takes them the other way round,
 * and the two would deadlock. Warm-ups run one at a time (an advisory lock held to the rollback): step
 * 1 locks two categories' rollup rows in one statement, and two warm-ups at once deadlocked in one run
 * of three, leaving a connection cold. Its connection is named `civic-grid:warm` in pg_stat_activity meanwhile.
 * Nothing stays behind; the sequences move on (issue and event numbers skip those values, as after
 * any failed write).
 */
import { RESYNC_CHANNEL, type Db, type Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { insertIssue } from '../issues/create.ts'
import { issueDetail } from '../issues/detail.ts'
import { duplicates } from '../issues/duplicates.ts'

const Q = {
  site: sql(import.meta.url, 'warm-site.sql'),
  issues: sql(import.meta.url, 'warm-issues.sql'),
  assign: sql(import.meta.url, 'warm-assign.sql'),
}

/** What pg_stat_activity calls a connection while it warms. */
export const WARM_APPLICATION = 'civic-grid:warm'

interface Site {
  street_id: number
  lon: number
  lat: number
  grid_code: string
  community_code: string
  category: string
  group_code: string
  bike: boolean
}

/** One connection's warm-up; the caller rolls it back. Without a street that has a grid, nothing runs. */
export async function warmWrites(q: Queryable, now: Date): Promise<void> {
  const [site] = await q.query<Site>(Q.site)
  if (!site) return
  await q.query("SELECT set_config('application_name', $1, true)", [WARM_APPLICATION])
  // One warm-up at a time across connections and processes: two would lock the same rollup rows
  // across two categories in step 1 while one holds the event lock in step 2, and deadlock.
  await q.query("SELECT pg_advisory_xact_lock(hashtext('civic-grid:warm'))")
  const street = site.street_id
  const categories = [...new Set([site.category, ...(site.bike ? ['bike_parking'] : [])])]
  await q.query('SAVEPOINT warm_triggers')
  const ids = (
    await q.query<{ id: number }>(Q.issues, [street, site.lon, site.lat, site.grid_code, site.community_code, site.group_code, now, categories])
  ).map((r) => r.id)
  await q.query(Q.assign, [street, ids])
  await q.query('ROLLBACK TO SAVEPOINT warm_triggers')
  const user: User = { street_id: street, username: '系统', role: 'admin', grids: [], group_code: null }
  for (const category of categories) {
    const body = { lon: site.lon, lat: site.lat, crs: 'wgs84' as const, category, description: '连接预热', source: 'inspection' as const }
    const { id } = await insertIssue(q, street, body, user, now)
    await issueDetail(q, street, id, now)
    await duplicates(q, street, id, null)
  }
}

/** Warms every connection of `db` and says how long it took; a failure is logged, never thrown. */
export async function warmConnections(db: Db, now: () => Date, log: (m: string) => void): Promise<void> {
  if (!db.warm) return
  const t0 = performance.now()
  try {
    const n = await db.warm((q) => warmWrites(q, now()))
    log(`warmed ${n} connection(s) on the write path in ${Math.round(performance.now() - t0)} ms`)
  } catch (err) {
    log(`warming the connections failed (${(err as Error).message}); they warm as they are used`)
  }
}

/**
 * Warms the connections again each time the change listener comes back after losing the server (a
 * restart, a failover): the pool's connections were lost with it, and the new ones would be cold in
 * front of the first reporters. One warm-up at a time; a reconnection during one adds none.
 */
export function rewarmAfterReconnect(db: Db, now: () => Date, log: (m: string) => void): () => void {
  if (!db.warm || !db.onNotify) return () => {}
  let running = false
  return db.onNotify(RESYNC_CHANNEL, () => {
    if (running) return
    running = true
    void warmConnections(db, now, log).finally(() => (running = false))
  })
}
