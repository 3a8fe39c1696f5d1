/** GET /issues/:id's body: the issue Feature with its whole timeline in properties.events. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { inScope } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { notFound } from '../errors.ts'
import { issueEvidence } from './evidence.ts'
import { issueFeature, type IssueRow } from './feature.ts'
import type { Status } from './states.ts'

const Q = { get: sql(import.meta.url, 'get.sql'), events: sql(import.meta.url, 'events.sql') }

/** get.sql's columns: the list's and the names a person reads. */
interface DetailRow extends IssueRow {
  grid_name: string
  community_name: string
  group_name: string | null
  group_leader: string | null
  version: number
  reporter: string | null
  merged_into: number | null
  source_crs: string
  source_lon: number | null
  source_lat: number | null
  /** the number the issue had where it came from (12345 工单号, an imported ledger's 编号) */
  case_no: string | null
}

/** events.sql's columns: one step of the timeline. */
interface EventRow {
  id: number
  at: Date
  actor: string
  action: string
  from: Status | null
  to: Status | null
  note: string | null
  data: Record<string, unknown> | null
  photos: string[]
}

/**
 * The issue as a Feature with `events` (oldest first) and `photos`; 404 when it does not exist or
 * lies outside `scope` (a grid manager's grids), so a patch's edge reveals nothing beyond it.
 * `checker`: whether the reader checks others' work (inspectors, leaders …) and so gets the evidence
 * warnings on "after" photos; a grid manager, whose rectification they judge, gets the photos' place
 * and time without them (issue 16: inspectors see the warnings), so the check cannot be learnt and dodged.
 */
export async function issueDetail(q: Queryable, street: number, id: number, now: Date, scope: string[] | null = null, checker = true) {
  // On the pool the three reads run side by side (a report's read-back waits for a connection once,
  // not three times); in a transaction its one connection takes them in turn. Side by side they may
  // see different commits: when the timeline's last change of status is not the row's status (a
  // transition committed in between), they are read again, the row first, so the timeline holds the
  // step that gave the row its status.
  const readRow = () => q.query<DetailRow>(Q.get, [street, id, now])
  const readRest = () => Promise.all([q.query<EventRow>(Q.events, [street, id]), issueEvidence(q, street, id)])
  let [[row], [eventRows, evidenceRows]] = await Promise.all([readRow(), readRest()])
  if (row && eventRows.findLast((e) => e.to !== null)?.to !== row.status) {
    ;[row] = await readRow()
    ;[eventRows, evidenceRows] = await readRest()
  }
  if (!row || !inScope(scope, row.grid_code)) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
  const events = eventRows.map(({ at, photos, ...e }) => ({ ...e, at: isoLocal(at), photos }))
  const evidence = evidenceRows.map(({ warnings, ...e }) => (checker ? { ...e, warnings } : e))
  const f = issueFeature(row)
  return {
    ...f,
    properties: {
      ...f.properties,
      group: f.properties.group_code,
      photos: events.flatMap((e) => e.photos),
      evidence,
      events,
    },
  }
}
