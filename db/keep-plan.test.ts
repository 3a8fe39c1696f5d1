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

  it('prepares a kept statement afresh on every connection after a table it reads changed its columns', async () => {
    const db = await testDb()
    const table = `keep_plan_${process.pid}_${Date.now()}`
    await db.exec(`CREATE TABLE ${table} (street_id int NOT NULL, a int); INSERT INTO ${table} VALUES (1, 7)`)
    try {
      const read = `SELECT * FROM ${table} WHERE street_id = $1`
      // every connection of the pool and of the analysis lane prepares it (asked at once, more than the pool holds)
      const all = (run: () => Promise<unknown>) => Promise.all(Array.from({ length: 24 }, run))
      const pooled = () => db.query(read, [1], { keepPlan: true })
      const lane = () => db.expensive(60_000).query(read, [1], { keepPlan: true })
      expect(new Set((await all(pooled)).map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify([{ street_id: 1, a: 7 }])]))
      await all(lane)
      // a migration while the process runs: the kept statements' result type changed under them
      await db.exec(`ALTER TABLE ${table} ADD COLUMN b text DEFAULT 'new'`)
      const want = JSON.stringify([{ street_id: 1, a: 7, b: 'new' }])
      expect(new Set((await all(pooled)).map((r) => JSON.stringify(r)))).toEqual(new Set([want]))
      await db.exec(`ALTER TABLE ${table} DROP COLUMN b`)
      expect(new Set((await all(lane)).map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify([{ street_id: 1, a: 7 }])]))
    } finally {
      await db.exec(`DROP TABLE ${table}`)
    }
  })
})
