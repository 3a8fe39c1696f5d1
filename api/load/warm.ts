/**
 * Warming the server's connections on the write path before users meet them (Db.warm). A connection
 * plans each statement, and each statement in the issue triggers (grid, rollups, day marks, cells,
 * hexes, coverage, campaigns, commit order), the first time it runs them: measured on 10⁵ issues, a
 * new connection's first report took 0.1–0.4 s alone and up to 1.7 s while others read, later ones
 * 5–40 ms. So on every connection, in a transaction that is rolled back: a report of the street's
 * first category and one of bike parking, the reads of a report's answer (timeline, duplicates),
 * and the 交办 of each. Nothing stays behind; the sequences move on (issue and event numbers skip
 * those values, as after any failed write).
 */
import type { Db, Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { insertIssue } from '../issues/create.ts'
import { issueDetail } from '../issues/detail.ts'
import { duplicates } from '../issues/duplicates.ts'
import { applyTransition } from '../issues/transition.ts'

const Q = { site: sql(import.meta.url, 'warm-site.sql') }

interface Site {
  street_id: number
  lon: number
  lat: number
  category: string
  bike: boolean
}

/** One connection's warm-up; the caller rolls it back. Without a street that has a grid, nothing runs. */
export async function warmWrites(q: Queryable, now: Date): Promise<void> {
  const [site] = await q.query<Site>(Q.site)
  if (!site) return
  const street = site.street_id
  const user: User = { street_id: street, username: '系统', role: 'admin', grids: [], group_code: null }
  for (const category of new Set([site.category, ...(site.bike ? ['bike_parking'] : [])])) {
    const body = { lon: site.lon, lat: site.lat, crs: 'wgs84' as const, category, description: '连接预热', source: 'inspection' as const }
    const { id } = await insertIssue(q, street, body, user, now)
    await issueDetail(q, street, id, now)
    await duplicates(q, street, id, null)
    await applyTransition(q, street, id, { action: 'assign' }, user, now)
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
