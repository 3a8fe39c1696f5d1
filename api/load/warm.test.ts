/** The server's warm-up runs the write path a report takes, leaves nothing behind, and never waits for a 交办. */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { rolledBack, type Queryable } from '../../db/adapter.ts'
import { openPostgres } from '../../db/postgres.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { warmWrites } from './warm.ts'

const WARM_NOTE = '连接预热'
const onServer = process.env.TEST_ENGINE === 'postgres'

type Seen = { category_code: string; status: string; actions: string[] }

/** The warm-up's issues `q` sees. */
const warmIssues = async (q: Queryable) =>
  (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE description = $1 AND reported_at = $2', [WARM_NOTE, TEST_NOW]))[0].n

describe('warming a connection on the write path', () => {
  it('reports one issue of the first category and one of bike parking, then keeps none of it', async () => {
    const db = await testDb()
    const seen: Seen[] = []
    const alone: number[] = []
    let leftInside = -1
    let counters = ''
    await rolledBack(
      (fn) => db.tx(fn),
      async (q) => {
        const before = await q.query<{ c: string }>(
          "SELECT COALESCE(string_agg(street_id || ':' || year || ':' || last_no, ',' ORDER BY street_id, year), '') AS c FROM notice_counters",
        )
        await warmWrites(q, TEST_NOW, async (id) => {
          seen.push(
            ...(await q.query<Seen>(
              `SELECT i.category_code, i.status,
                      (SELECT array_agg(e.action ORDER BY e.id) FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id) AS actions
               FROM issues i WHERE i.id = $1 AND i.description = $2 AND i.reported_at = $3`,
              [id, WARM_NOTE, TEST_NOW],
            )),
          )
          // One report at a time: the other category's is not there.
          alone.push(await warmIssues(q))
        })
        const after = await q.query<{ c: string }>(
          "SELECT COALESCE(string_agg(street_id || ':' || year || ':' || last_no, ',' ORDER BY street_id, year), '') AS c FROM notice_counters",
        )
        counters = before[0].c === after[0].c ? 'unchanged' : `${before[0].c} → ${after[0].c}`
        leftInside = await warmIssues(q)
      },
    )
    // The issues inserted and assigned before the event lock were rolled back to their savepoint, and
    // each report to its own before the next: none is left inside the transaction either.
    expect(seen).toHaveLength(2)
    expect(alone).toEqual([1, 1])
    expect(leftInside).toBe(0)
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

  it.runIf(onServer)('warms every connection of a pool at once without a deadlock between the warm-ups', async () => {
    // A pool of its own, so that its size is known; three rounds, as three warm-ups at once
    // deadlocked in 2 of 4 runs while both categories shared a statement and a savepoint.
    const logged: string[] = []
    const db = await openPostgres(process.env.CGM_PG_URL!, 4, (m) => logged.push(m))
    try {
      const warmed: number[] = []
      for (let round = 0; round < 3; round++) warmed.push(await db.warm!((q) => warmWrites(q, TEST_NOW)))
      expect(logged.filter((m) => m.startsWith('warm-up failed'))).toEqual([])
      expect(warmed).toEqual([4, 4, 4])
      const [{ left }] = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM issues WHERE description = $1', [WARM_NOTE])
      expect(left).toBe(0)
    } finally {
      await db.close()
    }
  })
})
