/**
 * How long a report holds what every writer of the street waits for (0190's commit-order lock and
 * the street's counter rows): a report without key and photos is one statement committed as it
 * runs, so it holds them for no round trip to the API. Shown on the server while another session
 * holds the commit-order lock: the waiting report's backend holds no lock of the reads before its
 * write (calendar_days, which only locate.sql reads, as a transaction would keep it until COMMIT),
 * while a report with an Idempotency-Key (a transaction, its answer read inside) does; once the lock
 * is free both answer 201 with their event, whose id follows the holder's.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { WARM_APPLICATION } from '../load/warm.ts'
import { cookieOf, pointInside, report, type Json } from './test-helpers.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'

/** Reports an issue, with an Idempotency-Key when `key` is given. */
async function reportAs(key: string | null): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const [lon, lat] = await pointInside(2)
  const res = await app.request('/api/v1/issues', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await cookieOf('inspector'), ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ lon, lat, category: 'clutter', description: '写入窗口', reported_at: '2026-11-20T08:00:00+08:00' }),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

describe.runIf(onServer)('the write window of a report', () => {
  for (const keyed of [false, true])
    it(`a report ${keyed ? 'with' : 'without'} a key waits for the commit-order lock ${keyed ? 'inside' : 'outside'} a transaction, and commits after the holder`, async () => {
      const first = await report({ reported_at: '2026-11-20T08:00:00+08:00' })
      expect(first.status).toBe(201)
      await pointInside(2)
      await cookieOf('inspector')
      const holder = new pg.Client({ connectionString: process.env.CGM_PG_URL })
      await holder.connect()
      try {
        await holder.query('BEGIN')
        await holder.query('SELECT pg_advisory_xact_lock(7315, 1)')
        const pending = reportAs(keyed ? randomUUID() : null)
        let waiting: { in_tx: boolean }[] = []
        for (let i = 0; i < 100 && waiting.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 50))
          const r = await holder.query<{ in_tx: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.relation = 'calendar_days'::regclass) AS in_tx
             FROM pg_stat_activity a
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
               AND query LIKE '%INSERT INTO issues%' AND application_name <> $1`,
            [WARM_APPLICATION],
          )
          waiting = r.rows
        }
        // Other test files' reports may wait beside ours: they all take the same path (unkeyed). A
        // server another test file starts may be warming its connections (api/load/warm.ts) in a
        // transaction that has read calendar_days: it names itself.
        expect(waiting.length).toBeGreaterThan(0)
        if (keyed) expect(waiting.some((w) => w.in_tx)).toBe(true)
        else expect(waiting.every((w) => !w.in_tx)).toBe(true)
        // The holder's own event, in the transaction that took the lock first, commits first.
        const db = await testDb()
        const [issue] = await db.query<{ street_id: number }>('SELECT street_id FROM issues WHERE id = $1', [first.body.id])
        const { rows } = await holder.query<{ id: string }>(
          `INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
           VALUES ($1, $2, now(), 'test', 'note', NULL, NULL, '写入窗口', '{}') RETURNING id`,
          [issue.street_id, first.body.id],
        )
        await holder.query('COMMIT')
        const res = await pending
        expect(res.status).toBe(201)
        const events = res.body.properties.events as { id: number; action: string }[]
        expect(events.map((e) => e.action)).toEqual(['report'])
        expect(events[0].id).toBeGreaterThan(Number(rows[0].id))
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined)
        await holder.end()
      }
    })
})
