/**
 * Planning.keepPlan on a server (db/postgres.ts): the statement is named after its text, so each
 * connection parses and plans it once and then binds it; without it, the unnamed statement is
 * planned for its values at each run. (PGlite's side: db/pglite-thread/prepared.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { testDb } from './testing/db.ts'

describe.runIf(process.env.TEST_ENGINE === 'postgres')('statements that keep their plan on a server', () => {
  const kept = (marker: string) => `SELECT count(*)::int AS n FROM issues WHERE street_id = $1 -- ${marker}`
  const onConnection = (marker: string) =>
    `SELECT coalesce(sum(generic_plans + custom_plans), -1)::int AS runs FROM pg_prepared_statements WHERE statement LIKE '%-- ${marker}'`

  it('prepares a kept statement once per connection and binds it at every run, and leaves others unnamed', async () => {
    const db = await testDb()
    const marker = `kept ${Date.now()}`
    const [plain] = await db.query<{ n: number }>(kept(marker).replace('-- ', '-- not '), [1])
    // one transaction, one connection: the kept statement and the catalogue of that connection
    const [runs, other, counts] = await db.tx(async (q) => {
      const counts: number[] = []
      for (let k = 0; k < 7; k++) counts.push((await q.query<{ n: number }>(kept(marker), [1], { keepPlan: true }))[0].n)
      await q.query(kept(`unkept ${marker}`), [1], { keepPlan: false })
      const [r] = await q.query<{ runs: number }>(onConnection(marker))
      const [o] = await q.query<{ runs: number }>(onConnection(`unkept ${marker}`))
      return [r.runs, o.runs, counts]
    })
    expect(counts).toEqual(Array(7).fill(plain.n))
    expect(plain.n).toBeGreaterThan(0)
    expect(runs).toBe(7)
    expect(other).toBe(-1)
    // through the pool and an analysis's view the same statement still answers
    expect(await db.query(kept(marker), [1], { keepPlan: true })).toEqual([plain])
    expect(await db.expensive(60_000).query(kept(marker), [1], { keepPlan: true })).toEqual([plain])
  })
})
