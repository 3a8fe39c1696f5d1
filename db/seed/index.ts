/** Loads a street's data set (fixtures/) into an empty database, in one transaction. */
import type { IssueData, StreetData } from '../../fixtures/types.ts'
import type { Db, Queryable } from '../adapter.ts'
import { sql } from '../sql.ts'
import { noticeNo } from './notice.ts'
import { checklistsFor } from '../../fixtures/dongtang/checklists.ts'

const load = (name: string) => sql(import.meta.url, name)
const Q = {
  street: load('street.sql'),
  communities: load('communities.sql'),
  grids: load('grids.sql'),
  ledger: load('ledger.sql'),
  pointsCategories: load('points-categories.sql'),
  issues: load('issues.sql'),
  events: load('events.sql'),
  checklists: load('checklists.sql'),
  growing: load('growing-tables.sql'),
}

const BATCH = 2000

/**
 * The tables a batch's triggers read, analysed as the load grows: it runs in one transaction, which
 * no autovacuum sees into, so the planner would keep judging them by their size before the load
 * (nearly empty) and read the events of every issue of a batch by a scan of the whole table. Loading
 * 10⁵ issues took 1,542 s that way. ANALYZE inside the transaction counts its own new rows.
 */
async function analyseGrowing(q: Queryable): Promise<void> {
  const [{ tables }] = await q.query<{ tables: string }>(Q.growing)
  await q.query(`ANALYZE ${tables}`)
}

/** Writes the reference data of a street (boundary, communities, grids, ledger, basemap). */
export async function loadStreet(q: Queryable, d: StreetData): Promise<number> {
  const id = d.street.id
  const doc = JSON.stringify(d)
  await q.query(Q.street, [id, doc])
  const geo = <T extends { geom: unknown }>(rows: T[]) => JSON.stringify(rows.map((r) => ({ ...r, geom: JSON.stringify(r.geom) })))
  await q.query(Q.communities, [id, geo(d.communities)])
  await q.query(Q.grids, [id, geo(d.grids)])
  await q.query(Q.ledger, [id, doc])
  await q.query(Q.pointsCategories, [id, doc])
  await q.query(Q.checklists, [id, JSON.stringify(checklistsFor(d.pointClasses))])
  return id
}

/**
 * Writes issues and their timelines in batches; returns how many. Notice numbers follow the order
 * of assignment within each year, and the street's counters end at the highest number used.
 */
export async function loadIssues(
  q: Queryable,
  street: { id: number; name: string },
  issues: Iterable<IssueData>,
  onProgress?: (n: number) => void,
): Promise<number> {
  const counters = new Map<number, number>()
  let n = 0
  let analysedAt = 0
  let batch: IssueData[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const ids = await q.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('issues', 'id')) AS id FROM generate_series(1, $1)", [
      batch.length,
    ])
    const rows = batch.map((it, k) => {
      const assigned = it.events.find((e) => e.action === 'assign')
      const year = assigned ? Number(assigned.at.slice(0, 4)) : 0
      if (assigned) counters.set(year, (counters.get(year) ?? 0) + 1)
      return {
        id: ids[k].id,
        category_code: it.category_code,
        description: it.description,
        status: it.status,
        source: it.source,
        lon: it.lonlat[0],
        lat: it.lonlat[1],
        notice_no: assigned ? noticeNo(street.name, year, counters.get(year)!) : null,
        reported_at: it.reported_at,
        deadline: it.deadline,
        closed_at: it.closed_at,
        rework_count: it.rework_count,
        version: it.events.length,
        reporter: it.events[0]?.actor ?? null,
      }
    })
    const events = batch.flatMap((it, k) =>
      it.events.map((e) => ({ issue_id: ids[k].id, at: e.at, actor: e.actor, action: e.action, from_status: e.from, to_status: e.to, note: e.note })),
    )
    await q.query(Q.issues, [street.id, JSON.stringify(rows)])
    await q.query(Q.events, [street.id, JSON.stringify(events)])
    n += batch.length
    batch = []
    // after the first batch, then each time the loaded issues have doubled (a handful of times)
    if (n >= 2 * analysedAt) {
      await analyseGrowing(q)
      analysedAt = n
    }
    onProgress?.(n)
  }
  for (const it of issues) {
    batch.push(it)
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  // and once at the end, so the statistics left behind count every loaded row
  if (n > analysedAt) await analyseGrowing(q)
  for (const [year, last] of counters) {
    await q.query(
      `INSERT INTO notice_counters (street_id, year, last_no) VALUES ($1, $2, $3)
       ON CONFLICT (street_id, year) DO UPDATE SET last_no = greatest(notice_counters.last_no, EXCLUDED.last_no)`,
      [street.id, year, last],
    )
  }
  return n
}

/** Seeds a whole street and its issues atomically: on any failure nothing is left behind. */
export async function seedStreet(db: Db, d: StreetData, issues: Iterable<IssueData>, onProgress?: (n: number) => void) {
  return db.tx(async (q) => {
    await loadStreet(q, d)
    return loadIssues(q, d.street, issues, onProgress)
  })
}
