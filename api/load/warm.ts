/**
 * Warming the server's connections on the write path before users meet them (Db.warm). A connection
 * plans each statement, and each statement in the issue triggers (grid, rollups, day marks, cells,
 * hexes, coverage, campaigns, commit order), the first time it runs them: measured on 10⁵ issues, a
 * new connection's first report took 0.1–0.4 s alone and up to 1.7 s while others read, later ones
 * 5–40 ms. So on every connection, in a transaction that is rolled back, for the street's first
 * category and then for bike parking:
 *
 * 1. an issue inserted and assigned without events (the triggers' insert and update statements),
 *    rolled back to a savepoint at once: this takes neither 0190's event lock nor a notice counter;
 * 2. the same report through the report's own path (place, deadline, issue and event) and the reads
 *    of its answer (timeline, duplicates), rolled back to a savepoint, which gives back the event lock.
 *
 * Each savepoint holds one category's report, as a user's report does, so its locks come in a
 * report's order (a bike-parking report locks the street's coverage rows before its day row). With
 * both categories in one statement and both reports held to the end, as before, three warm-ups at
 * once deadlocked in 2 of 4 test runs and left a connection cold; they could deadlock with a user's
 * report too. A warm-up never takes a notice counter after the event lock (a 交办 takes them the
 * other way round). Its connection is named `civic-grid:warm` in pg_stat_activity meanwhile. Nothing stays behind;
 * the sequences move on (issue and event numbers skip those values, as after any failed write).
 */
import type { Db, Queryable } from '../../db/adapter.ts'
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

/**
 * One connection's warm-up; the caller rolls it back. Without a street that has a grid, nothing runs.
 * `seen` is called with each report before its savepoint is rolled back (its test looks there).
 */
export async function warmWrites(q: Queryable, now: Date, seen?: (id: number) => Promise<void>): Promise<void> {
  const [site] = await q.query<Site>(Q.site)
  if (!site) return
  await q.query("SELECT set_config('application_name', $1, true)", [WARM_APPLICATION])
  const street = site.street_id
  const user: User = { street_id: street, username: '系统', role: 'admin', grids: [], group_code: null }
  /** Runs fn and undoes it, locks included, before the next step. */
  const undone = async (fn: () => Promise<void>) => {
    await q.query('SAVEPOINT warm_step')
    await fn()
    await q.query('ROLLBACK TO SAVEPOINT warm_step')
    await q.query('RELEASE SAVEPOINT warm_step')
  }
  for (const category of [...new Set([site.category, ...(site.bike ? ['bike_parking'] : [])])]) {
    await undone(async () => {
      const [{ id }] = await q.query<{ id: number }>(Q.issues, [
        street,
        site.lon,
        site.lat,
        site.grid_code,
        site.community_code,
        site.group_code,
        now,
        category,
      ])
      await q.query(Q.assign, [street, id])
    })
    await undone(async () => {
      const body = { lon: site.lon, lat: site.lat, crs: 'wgs84' as const, category, description: '连接预热', source: 'inspection' as const }
      const { id } = await insertIssue(q, street, body, user, now)
      await issueDetail(q, street, id, now)
      await duplicates(q, street, id, null)
      await seen?.(id)
    })
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
