/** /issues: the list of problems under the shared filters, reporting, the timeline and transitions. */
import { Hono } from 'hono'
import { z } from 'zod'
import { auditDenials, currentUser, gridScope, requireRole, STAFF, WRITERS } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { filterParams, filterShape, resolveStreet } from '../filters.ts'
import { DbTimeoutError, DbUnavailableError, type Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { valid } from '../validate.ts'
import { conflict, notFound } from '../errors.ts'
import { publishEvents } from '../stream/publish.ts'
import { idempotencyKey, once, REPLAYED_HEADER, requestHash } from '../idempotency/once.ts'
import { createBody, insertIssue } from './create.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { duplicates } from './duplicates.ts'
import { issueDetail } from './detail.ts'
import { seesEvidenceWarnings } from './evidence.ts'
import { issueFeature, type IssueRow } from './feature.ts'
import { REPORT_ROLES } from './states.ts'
import { applyTransition, transitionBody } from './transition.ts'

const Q = {
  list: sql(import.meta.url, 'list.sql'),
  supervise: sql(import.meta.url, 'supervise.sql'),
}

/** 督办 by hand: what the leader says and asks for; the timer's automatic 督办 says it itself. */
const superviseBody = z.object({ note: z.string().trim().min(2).max(500) }).strict()

const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const streetQuery = z.object({ street: filterShape.street }).strict()

export const MAX_PAGE = 5000

/** How long the answer of a committed write is retried while the database is unavailable (its restart). */
export const COMMITTED_READ_MS = 60_000

/**
 * The answer of a write that has committed, read after COMMIT (AFTER_COMMIT below). An error here
 * would tell the client its write failed while it is there (and a retry without a key would file it
 * twice), so a database that is unavailable (a restart, a failover) or slow (a statement timeout) is
 * waited for, up to COMMITTED_READ_MS.
 */
async function committed<T>(read: () => Promise<T>): Promise<T> {
  const until = Date.now() + COMMITTED_READ_MS
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await read()
    } catch (err) {
      if (!(err instanceof DbUnavailableError || err instanceof DbTimeoutError) || Date.now() + wait > until) throw err
      await new Promise((r) => setTimeout(r, wait))
    }
  }
}

/*
 * AFTER_COMMIT: a report's or step's rows hold contended locks from its writes to COMMIT: the
 * street's counter rows (issue_rollup, issue_day_indicators: every report of a street on one day
 * updates the same row) and 0190's commit-order lock on events. Each round trip inside the
 * transaction holds them longer, and under load a round trip waits for the busy event loop too, so
 * every writer of the street queued behind those reads (7 writes/s in the mixed load, 199 of 273
 * sampled writers waiting on a row lock). So an unkeyed write commits right after its last write
 * (a report without photos is one statement, committed in the round trip that runs it), and its
 * answer (the issue as it then stands) is read after COMMIT. A keyed write still reads it inside
 * the transaction: its kept answer must be the one a retry gets.
 */

const listQuery = z
  .object({
    ...filterShape,
    /** One 整治组's issues (a group leader's 本组待办). */
    group: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid group code')
      .optional(),
    /** Only the open issues past their deadline (true) or only the others (false): /plan's 超期 list. */
    overdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(1000),
    cursor: z.string().max(200).optional(),
  })
  .strict()

export const issuesRoutes = new Hono<AppEnv>()
  .get('/', valid('query', listQuery), async (c) => {
    const { db, now } = c.var.deps
    const f = c.req.valid('query')
    const street = await resolveStreet(db, f.street)
    const [afterAt, afterId] = f.cursor ? decodeCursor(f.cursor) : [null, null]
    const overdue = f.overdue === undefined ? null : f.overdue === 'true'
    const params = [street, ...filterParams(f), now(), afterAt, afterId, f.limit + 1, gridScope(c.var.user), f.group ?? null, overdue]
    const rows = await db.query<IssueRow & { group_name: string | null }>(Q.list, params)
    const page = rows.slice(0, f.limit)
    const last = page[page.length - 1]
    const next = rows.length > f.limit && last ? encodeCursor(last.reported_at, last.id) : null
    return c.json({ type: 'FeatureCollection' as const, features: page.map(issueFeature), meta: { count: page.length, next_cursor: next } }, 200)
  })
  // Writes need a signed-in user: the actor of every event is who is logged in (or `token:<name>`).
  .post('/', requireRole(...REPORT_ROLES), valid('json', createBody), async (c) => {
    const { db, now } = c.var.deps
    const user = currentUser(c)
    const body = c.req.valid('json')
    const street = await resolveStreet(db, body.street)
    const t = now()
    const scope = gridScope(user)
    const key = idempotencyKey(c)
    const hash = requestHash(user.username, 'POST /issues', JSON.stringify(body))
    // On the pool (after COMMIT) the timeline and the duplicate search run side by side; in a
    // transaction its one connection takes them in turn.
    const answer = async (q: Queryable, id: number) => {
      const [issue, possible] = await Promise.all([issueDetail(q, street, id, t), duplicates(q, street, id, scope)])
      return { ...issue, properties: { ...issue.properties, possible_duplicates: possible } }
    }
    const made = await auditDenials(c, () =>
      // Without key and photos the report is one write statement (issue and event), which then
      // commits as it runs, in the same round trip (AFTER_COMMIT below); its reads before it (the
      // place's grid and deadline) are what READ COMMITTED would give inside a transaction too.
      key === null && !body.photos?.length
        ? insertIssue(db, street, body, user, t).then((created) => ({ body: null, extra: created, replayed: false }))
        : once(db, { street, key, actor: user.username, hash, now: t, status: 201 }, async (q) => {
            const created = await insertIssue(q, street, body, user, t)
            // With a key the answer is read inside the write's transaction, so a retry's kept answer
            // is the one sent. Without one it is read after COMMIT.
            return { body: key === null ? null : await answer(q, created.id), extra: created }
          }),
    )
    if (made.replayed) return c.json(made.body, 201, { [REPLAYED_HEADER]: 'true' })
    // The push and the read-back of a committed report run side by side.
    const [, read] = await Promise.all([
      publishEvents(db, street, t, [made.extra!.eventId]),
      made.body ?? committed(() => answer(db, made.extra!.id)),
    ])
    return c.json(read, 201)
  })
  // The timeline names people (reporter, inspectors): staff only, a grid manager within their patch.
  .get('/:id', requireRole(...STAFF), valid('param', idParam), valid('query', streetQuery), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const user = c.var.user
    return c.json(await issueDetail(db, street, c.req.valid('param').id, now(), gridScope(user), seesEvidenceWarnings(user?.role)), 200)
  })
  // Duplicates carry descriptions and places of other reports: staff, within their scope.
  .get('/:id/duplicates', requireRole(...STAFF), valid('param', idParam), valid('query', streetQuery), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const id = c.req.valid('param').id
    const scope = gridScope(c.var.user)
    await issueDetail(db, street, id, now(), scope)
    return c.json({ issue_id: id, duplicates: await duplicates(db, street, id, scope) }, 200)
  })
  // 督办 from the map or a list: street leaders press an open issue, the group and its leader are notified.
  .post(
    '/:id/supervise',
    requireRole('admin', 'leader'),
    valid('param', idParam),
    valid('query', streetQuery),
    valid('json', superviseBody),
    async (c) => {
      const { db, now } = c.var.deps
      const street = await resolveStreet(db, c.req.valid('query').street)
      const id = c.req.valid('param').id
      const t = now()
      const rows = await db.tx((q) => q.query<{ id: number }>(Q.supervise, [street, id, t, currentUser(c).username, c.req.valid('json').note]))
      if (!rows.length) {
        const [known] = await db.query<{ status: string }>('SELECT status FROM issues WHERE street_id = $1 AND id = $2', [street, id])
        if (!known) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
        throw conflict('not_open', `问题 #${id} 已办结，不能督办 (the issue is closed or answered)`)
      }
      const [, issue] = await Promise.all([
        publishEvents(
          db,
          street,
          t,
          rows.map((r) => r.id),
        ),
        issueDetail(db, street, id, t),
      ])
      return c.json(issue, 201)
    },
  )
  // Who may take which step, on which issue, is decided by mayPerform (states.ts).
  .post(
    '/:id/transitions',
    requireRole(...WRITERS),
    valid('param', idParam),
    valid('query', streetQuery),
    valid('json', transitionBody),
    async (c) => {
      const { db, now } = c.var.deps
      const user = currentUser(c)
      const street = await resolveStreet(db, c.req.valid('query').street)
      const id = c.req.valid('param').id
      const t = now()
      const body = c.req.valid('json')
      const key = idempotencyKey(c)
      const hash = requestHash(user.username, `POST /issues/${id}/transitions`, JSON.stringify(body))
      const answer = (q: Queryable) => issueDetail(q, street, id, t, null, seesEvidenceWarnings(user.role))
      const made = await auditDenials(c, () =>
        once(db, { street, key, actor: user.username, hash, now: t, status: 200 }, async (q) => {
          const ids = await applyTransition(q, street, id, body, user, t)
          // Read in the transaction only when a retry may need the kept answer (AFTER_COMMIT below).
          return { body: key === null ? null : await answer(q), extra: ids }
        }),
      )
      if (made.replayed) c.header(REPLAYED_HEADER, 'true')
      else await publishEvents(db, street, t, made.extra!)
      return c.json(made.body ?? (await committed(() => answer(db))), 200)
    },
  )
