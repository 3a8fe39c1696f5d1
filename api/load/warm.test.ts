/** The server's warm-up runs the write path a report takes, leaves nothing behind, and never waits for a 交办. */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { rolledBack } from '../../db/adapter.ts'
import { openPostgres } from '../../db/postgres.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { rewarmAfterReconnect, warmWrites } from './warm.ts'

const WARM_NOTE = '连接预热'
const onServer = process.env.TEST_ENGINE === 'postgres'

type Seen = { category_code: string; status: string; actions: string[] }

describe('warming a connection on the write path', () => {
  it('reports one issue of the first category and one of bike parking, then keeps none of it', async () => {
    const db = await testDb()
    const seen: Seen[] = []
    let counters = ''
    await rolledBack(
      (fn) => db.tx(fn),
      async (q) => {
        const before = await q.query<{ c: string }>(
          "SELECT COALESCE(string_agg(street_id || ':' || year || ':' || last_no, ',' ORDER BY street_id, year), '') AS c FROM notice_counters",
        )
        await warmWrites(q, TEST_NOW)
        const after = await q.query<{ c: string }>(
          "SELECT COALESCE(string_agg(street_id || ':' || year || ':' || last_no, ',' ORDER BY street_id, year), '') AS c FROM notice_counters",
        )
        counters = before[0].c === after[0].c ? 'unchanged' : `${before[0].c} → ${after[0].c}`
        seen.push(
          ...(await q.query<Seen>(
            `SELECT i.category_code, i.status,
                    (SELECT array_agg(e.action ORDER BY e.id) FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id) AS actions
             FROM issues i WHERE i.description = $1 AND i.reported_at = $2 ORDER BY i.id`,
            [WARM_NOTE, TEST_NOW],
          )),
        )
      },
    )
    // The issues inserted and assigned before the event lock were rolled back to their savepoint.
    expect(seen).toHaveLength(2)
    expect(seen.map((r) => r.category_code)).toContain('bike_parking')
    for (const r of seen) {
      expect(r.status).toBe('reported')
      expect(r.actions).toEqual(['report'])
    }
    expect(counters).toBe('unchanged')
    const [{ left }] = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM issues WHERE description = $1', [WARM_NOTE])
    expect(left).toBe(0)
  })

  it.runIf(onServer)('runs while a 交办 holds the street’s notice counter (it takes no counter after the event lock)', async () => {
    const db = await testDb()
    const [{ street_id }] = await db.query<{ street_id: number }>(
      'SELECT g.street_id FROM grids g JOIN categories c ON c.street_id = g.street_id ORDER BY g.street_id, g.code LIMIT 1',
    )
    const holder = new pg.Client({ connectionString: process.env.CGM_PG_URL })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      // What a 交办 holds from its notice number to its COMMIT.
      await holder.query(
        `INSERT INTO notice_counters (street_id, year, last_no) VALUES ($1, $2, 1)
         ON CONFLICT (street_id, year) DO UPDATE SET last_no = notice_counters.last_no + 1`,
        [street_id, TEST_NOW.getUTCFullYear()],
      )
      const warm = rolledBack(
        (fn) => db.tx(fn),
        (q) => warmWrites(q, TEST_NOW),
      ).then(() => 'done')
      const waited = new Promise((r) => setTimeout(() => r('still waiting'), 10_000))
      expect(await Promise.race([warm, waited])).toBe('done')
    } finally {
      await holder.query('ROLLBACK')
      await holder.end()
    }
  })

  it.runIf(onServer)('warms the new connections again when the listener comes back after losing the server', async () => {
    // A pool of its own, named, so that only its connections are cut: as a restart cuts them all.
    const name = `cgm-rewarm-${process.pid}`
    const url = new URL(process.env.CGM_PG_URL!)
    url.searchParams.set('application_name', name)
    const logged: string[] = []
    const db = await openPostgres(url.toString(), 3, (m) => logged.push(m))
    const stop = rewarmAfterReconnect(
      db,
      () => TEST_NOW,
      (m) => logged.push(m),
    )
    try {
      await db.query('SELECT 1')
      const cut = async () =>
        (
          await db.tx((q) =>
            q.query<{ n: number }>(
              'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()',
              [`${name}%`],
            ),
          )
        )[0].n
      // Wait until the listener is connected, so that cutting it is a loss it comes back from.
      for (
        let i = 0;
        i < 50 &&
        !(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [`${name}:listen`]))[0].n;
        i++
      )
        await new Promise((r) => setTimeout(r, 100))
      expect(logged.filter((m) => m.startsWith('warmed'))).toEqual([])
      expect(await cut()).toBeGreaterThanOrEqual(1)
      const deadline = Date.now() + 20_000
      while (Date.now() < deadline && !logged.some((m) => m.startsWith('warmed'))) await new Promise((r) => setTimeout(r, 100))
      expect(logged.filter((m) => m.startsWith('warmed'))).toEqual([expect.stringMatching(/^warmed 3 connection\(s\) on the write path/)])
      // Nothing of it stays.
      const [{ left }] = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM issues WHERE description = $1', [WARM_NOTE])
      expect(left).toBe(0)
    } finally {
      stop()
      await db.close()
    }
  })
})
