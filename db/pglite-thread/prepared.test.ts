/**
 * Statements the engine's thread keeps planned (prepared.ts): one prepared statement per text, kept
 * correct when a table changes under it, failures that leave nothing behind, a bounded number, and
 * an analysis's statements planned afresh for their values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../adapter.ts'
import { openPglite } from '../pglite.ts'
import { KEPT_STATEMENTS } from './prepared.ts'

describe.runIf(process.env.TEST_ENGINE === 'pglite')('statements kept planned in the engine thread', () => {
  let db: Db
  beforeAll(async () => {
    db = await openPglite()
    await db.exec('CREATE TABLE p (id int PRIMARY KEY, name text); INSERT INTO p VALUES (1, $$一$$), (2, $$二$$);')
  })
  afterAll(() => db.close())

  const preparedLike = async (fragment: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE $1', [`%${fragment}%`]))[0].n

  it('prepares a statement text once and binds it again with each call', async () => {
    const text = 'SELECT name FROM p WHERE id = $1 -- once'
    expect(await db.query(text, [1])).toEqual([{ name: '一' }])
    expect(await db.query(text, [2])).toEqual([{ name: '二' }])
    expect(await db.query(text, [3])).toEqual([])
    expect(await preparedLike('-- once')).toBe(1)
  })

  it('answers with the new columns after the table changed under a kept statement', async () => {
    const text = 'SELECT * FROM p WHERE id = $1 -- altered'
    expect(await db.query(text, [1])).toEqual([{ id: 1, name: '一' }])
    await db.exec('ALTER TABLE p ADD COLUMN kind text DEFAULT $$x$$')
    expect(await db.query(text, [1])).toEqual([{ id: 1, name: '一', kind: 'x' }])
  })

  it('keeps nothing of a statement that does not parse, and goes on after a parameter that does not fit', async () => {
    await expect(db.query('SELEC name FROM p -- broken')).rejects.toMatchObject({ code: '42601' })
    expect(await preparedLike('-- broken')).toBe(0)
    await expect(db.query('SELECT name FROM p WHERE id = $1 -- typed', ['一'])).rejects.toMatchObject({ code: '22P02' })
    expect(await db.query('SELECT name FROM p WHERE id = $1 -- typed', ['2'])).toEqual([{ name: '二' }])
    expect(await db.tx((q) => q.query('SELECT count(*)::int AS n FROM p -- in tx'))).toEqual([{ n: 2 }])
  })

  it("plans an analysis's statements for their values instead of keeping them prepared", async () => {
    // Kept, PostgreSQL may settle on one generic plan after five runs; an analysis's best plan depends on its window and area.
    const analysis = db.expensive(60_000)
    for (const id of [1, 2, 1, 2, 1, 2, 1])
      expect(await analysis.query('SELECT name FROM p WHERE id = $1 -- analysis', [id])).toEqual([{ name: id === 1 ? '一' : '二' }])
    expect(await analysis.tx((q) => q.query('SELECT count(*)::int AS n FROM p WHERE id > $1 -- analysis in tx', [0]))).toEqual([{ n: 2 }])
    expect(await preparedLike('-- analysis')).toBe(0)
    for (const id of [1, 2, 1, 2, 1, 2, 1]) await db.query('SELECT name FROM p WHERE id = $1 -- cheap', [id])
    const [kept] = await db.query<{ runs: number }>(
      `SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement LIKE '%-- cheap'`,
    )
    expect(kept.runs).toBe(7)
  })

  it('keeps the plan of an analysis statement that asks for it (keepPlan)', async () => {
    // A small street's area count: one plan suits every value, and planning it cost more than running it.
    const analysis = db.expensive(60_000)
    for (const id of [1, 2, 1, 2, 1, 2, 1])
      expect(await analysis.query('SELECT name FROM p WHERE id = $1 -- kept analysis', [id], { keepPlan: true })).toEqual([
        { name: id === 1 ? '一' : '二' },
      ])
    const [kept] = await db.query<{ runs: number }>(
      `SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement LIKE '%-- kept analysis'`,
    )
    expect(kept.runs).toBe(7)
    await analysis.query('SELECT name FROM p WHERE id = $1 -- unkept analysis', [1], { keepPlan: false })
    expect(await preparedLike('-- unkept analysis')).toBe(0)
  })

  it(`keeps at most ${KEPT_STATEMENTS} statements, closing the least recently used`, async () => {
    await db.query('SELECT 1 AS first -- oldest')
    for (let i = 0; i < KEPT_STATEMENTS + 20; i++) await db.query(`SELECT ${i} AS i -- many`)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements')
    expect(n).toBeLessThanOrEqual(KEPT_STATEMENTS)
    expect(await preparedLike('-- oldest')).toBe(0)
    expect(await preparedLike(`SELECT ${KEPT_STATEMENTS + 19} AS i`)).toBe(1)
    expect(await db.query('SELECT 1 AS first -- oldest')).toEqual([{ first: 1 }])
  })
})
