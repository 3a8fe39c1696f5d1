/**
 * A server transaction's statements asked for at once (issueDetail's reads side by side) are sent
 * in turn: none is queued on a busy node-postgres client (deprecated, to be removed in pg 9), and
 * none is left to run after COMMIT, outside the transaction, on a connection back in the pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from './adapter.ts'
import { openPostgres } from './postgres.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'

describe.runIf(onServer)('statements of one server transaction', () => {
  let db: Db
  beforeAll(async () => {
    db = await openPostgres(process.env.CGM_PG_URL!, 2)
  })
  afterAll(async () => {
    await db?.close()
  })

  it('are sent one after another, without queueing on the busy client', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.message)
    process.on('warning', onWarning)
    try {
      const got = await db.tx((q) =>
        Promise.all([1, 2, 3].map((n) => q.query<{ n: number }>('SELECT $1::int AS n FROM pg_sleep(0.05)', [n]).then((r) => r[0].n))),
      )
      expect(got).toEqual([1, 2, 3])
      await new Promise((r) => setImmediate(r))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.filter((m) => m.includes('already executing a query'))).toEqual([])
  })

  it('all run before COMMIT, even those the function did not wait for', async () => {
    let late: Promise<{ x: string }[]> | undefined
    const first = await db.tx(async (q) => {
      const [{ x }] = await q.query<{ x: string }>('SELECT txid_current()::text AS x')
      void q.query('SELECT pg_sleep(0.1)')
      late = q.query<{ x: string }>('SELECT txid_current()::text AS x')
      return x
    })
    // In the same transaction, so the same id; after COMMIT it would be a transaction of its own.
    expect((await late!)[0].x).toBe(first)
  })
})
