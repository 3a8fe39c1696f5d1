/** Db.warm: every connection the database keeps runs the warm-up, nothing it writes stays, and the pool keeps them. */
import { describe, expect, it } from 'vitest'
import type { Db } from './adapter.ts'
import { openPostgres } from './postgres.ts'
import { testDb } from './testing/db.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'
const POOL = 4

describe('warming the connections', () => {
  it('runs on each connection once, in a transaction that is rolled back, and those are the connections later work gets', async () => {
    // On the server a pool of its own, so that its size is known; the embedded engine has one connection.
    const db: Db = onServer ? await openPostgres(process.env.CGM_PG_URL!, POOL, () => {}) : await testDb()
    const [{ id: street }] = await db.query<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 1')
    // A day no other test writes, and free in this database: test files share it and leave their days behind.
    const [{ day }] = await db.query<{ day: string }>(
      `SELECT d::date::text AS day FROM generate_series('2097-01-01'::date, '2097-12-31'::date, '1 day') d
        WHERE NOT EXISTS (SELECT 1 FROM calendar_days c WHERE c.street_id = $1 AND c.day = d::date)
        ORDER BY d OFFSET $2 LIMIT 1`,
      [street, process.pid % 97],
    )
    try {
      const warmed: number[] = []
      const n = await db.warm!(async (q) => {
        const [{ pid }] = await q.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
        warmed.push(pid)
        await q.query("INSERT INTO calendar_days (street_id, day, kind, name) VALUES ($1, $2, 'holiday', 'warm-up test')", [street, day])
        const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM calendar_days WHERE street_id = $1 AND day = $2', [street, day])
        expect(n).toBe(1)
      })
      expect(n).toBe(onServer ? POOL : 1)
      expect(new Set(warmed).size).toBe(n)
      const [{ left }] = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM calendar_days WHERE street_id = $1 AND day = $2', [
        street,
        day,
      ])
      expect(left).toBe(0)
      // As many transactions at once as the pool holds: each on a connection that was warmed.
      const later = await Promise.all(
        Array.from({ length: n }, () =>
          db.tx(async (q) => {
            const [{ pid }] = await q.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
            await q.query('SELECT pg_sleep(0.05)')
            return pid
          }),
        ),
      )
      expect(new Set(later)).toEqual(new Set(warmed))
    } finally {
      if (onServer) await db.close()
    }
  })
})
