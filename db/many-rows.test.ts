import { describe, expect, it } from 'vitest'
import type { Db, Queryable } from './adapter.ts'
import { manyRows } from './many-rows.ts'
import { SilentFailure } from './single.ts'
import { testDb } from './testing/db.ts'

// manyRows answers exactly what the statement's rows are, on either engine; on PGlite as one JSON value.

const ROWS = `-- Why: a statement with a comment to its last line, as our SQL files have
SELECT g.code AS grid_code, g.community_code, count(i.id)::int AS n, count(i.id) > 0 AS any, NULL::text AS nothing
FROM grids g LEFT JOIN issues i ON i.street_id = g.street_id AND i.grid_code = g.code
WHERE g.street_id = $1
GROUP BY g.code, g.community_code -- trailing comment`

const byCode = <T extends { grid_code: string }>(rows: T[]) => [...rows].sort((a, b) => a.grid_code.localeCompare(b.grid_code))

describe('manyRows', () => {
  it('answers the rows the statement answers, none included', async () => {
    const db = await testDb()
    const plain = await db.query<{ grid_code: string }>(ROWS, [1])
    expect(plain.length).toBeGreaterThan(1)
    expect(byCode(await manyRows<{ grid_code: string }>(db, ROWS, [1]))).toEqual(byCode(plain))
    expect(await manyRows(db, ROWS, [-1])).toEqual([])
  })

  it('sends one JSON statement on PGlite and the statement itself on a server', async () => {
    const db = await testDb()
    const texts: string[] = []
    const spy = (engine: Db['engine']): Queryable & { engine: Db['engine'] } => ({
      engine,
      query: (text: string, params?: unknown[]) => (texts.push(text), db.query(text, params)),
      exec: (s: string) => db.exec(s),
    })
    const viaJson = await manyRows<{ grid_code: string }>(spy('pglite'), ROWS, [1])
    expect(texts).toHaveLength(1)
    expect(texts[0]).toMatch(/^SELECT coalesce\(json_agg\(many_rows\)/)
    expect(byCode(viaJson)).toEqual(byCode(await db.query<{ grid_code: string }>(ROWS, [1])))
    texts.length = 0
    await manyRows(spy('postgres'), ROWS, [1])
    expect(texts).toEqual([ROWS])
  })

  it("takes no answer to the wrapper for PGlite's silent failure, not for no rows", async () => {
    // PGlite drops some internal errors and answers nothing (db/single.ts); the wrapper always answers one row.
    const dropped: Queryable & { engine: Db['engine'] } = { engine: 'pglite', query: async () => [], exec: async () => {} }
    const err = await manyRows(dropped, ROWS, [1]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SilentFailure)
    expect((err as SilentFailure).code).toBe('XX000')
  })
})
