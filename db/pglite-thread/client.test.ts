/**
 * The embedded engine in its own thread (db/pglite-thread): answers, notifications, transactions
 * and errors cross between threads as they came from PGlite itself; jobs in flight when the engine
 * fails reopen it once; and the thread keeps the process alive only while an answer is awaited.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db, Queryable } from '../adapter.ts'
import { DbUnavailableError } from '../adapter.ts'
import { openPglite } from '../pglite.ts'
import { copyTemplate } from '../testing/global-setup.ts'

/** A real internal error of PostgreSQL (XX000), as in db/recover.test.ts. */
const INTERNAL_ERROR = 'SELECT pg_identify_object(0, 0, 0) WHERE $1::text IS NOT NULL'

describe.runIf(process.env.TEST_ENGINE === 'pglite')('the embedded engine in its own thread', () => {
  let db: Db
  beforeAll(async () => {
    db = await openPglite()
    await db.exec(`CREATE TABLE t (x int);
      CREATE FUNCTION t_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('cgm_data', 'issues'); RETURN NULL; END $$;
      CREATE TRIGGER t_changed AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION t_changed();`)
  })
  afterAll(() => db.close())

  it('answers with the values PGlite gives: numbers for int8 and numeric, dates, bytes, JSON, arrays, nulls', async () => {
    const at = new Date('2026-12-06T08:30:00.123Z')
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT 42::int8 AS n8, 1.5::numeric AS num, $1::timestamptz AS at, '\\x010203'::bytea AS b,
              '{"a": [1, "二"]}'::jsonb AS j, ARRAY['x', 'y'] AS arr, NULL::text AS nothing`,
      [at],
    )
    expect(row).toEqual({ n8: 42, num: 1.5, at, b: new Uint8Array([1, 2, 3]), j: { a: [1, '二'] }, arr: ['x', 'y'], nothing: null })
    expect(row.at).toBeInstanceOf(Date)
  })

  it('moves the data version before the writing statement returns', async () => {
    const before = db.version!.value
    await db.query('INSERT INTO t VALUES (1)')
    expect(db.version!.value).toBeGreaterThan(before)
  })

  it("keeps other jobs' statements out of an open transaction, and rolls it back when it throws", async () => {
    await db.query('DELETE FROM t')
    let seen: number | undefined
    const tx = db.tx(async (q) => {
      await q.query('INSERT INTO t VALUES (2)')
      // Sent while the transaction is open: it must wait for the end, not run inside it.
      const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then(([r]) => (seen = r.n))
      await new Promise((r) => setTimeout(r, 100))
      expect(seen).toBeUndefined()
      await q.query('INSERT INTO t VALUES (3)')
      void outside
      throw new Error('changed my mind')
    })
    await expect(tx).rejects.toThrow('changed my mind')
    await expect.poll(() => seen).toBe(0)
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }])
    expect(await db.tx((q) => q.query('INSERT INTO t VALUES (4) RETURNING x'))).toEqual([{ x: 4 }])
    expect(await db.query('SELECT array_agg(x)::int[] AS xs FROM t')).toEqual([{ xs: [4] }])
  })

  it("gives a failed statement's SQLSTATE and message, never its parameters", async () => {
    const err = (await db.query('SELECT 1 / 0 WHERE $1::text IS NOT NULL', ['13800138000']).catch((e: unknown) => e)) as Record<string, unknown>
    expect(err).toBeInstanceOf(Error)
    expect(err.code).toBe('22012')
    expect(err.message).toBe('division by zero')
    expect(JSON.stringify(Object.entries(err))).not.toContain('13800138000')
    const inTx = await db.tx((q) => q.query('SELECT 1 / 0')).catch((e: unknown) => e)
    expect((inTx as { code: string }).code).toBe('22012')
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
  })
})

describe.runIf(process.env.TEST_ENGINE === 'pglite')('the engine thread failing with jobs in flight', () => {
  it('reopens once, runs nothing more on the damaged engine, and runs what was queued behind the failure on the new one', async () => {
    const log: string[] = []
    const db = await openPglite(await copyTemplate(process.env.CGM_PGLITE_TEMPLATE!), (m) => log.push(m))
    try {
      // A temporary table lives as long as the engine's session: a write to it succeeds only on the old engine.
      await db.exec('CREATE TEMP TABLE probe (x int)')
      const failing = db.query(INTERNAL_ERROR, ['x'])
      const writes = Array.from({ length: 6 }, (_, i) => db.query('INSERT INTO pg_temp.probe VALUES ($1)', [i]))
      const settled = await Promise.allSettled([failing, ...writes])
      expect(settled[0].status).toBe('rejected')
      expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(DbUnavailableError)
      // Every write queued behind the failure ran on the new engine, where the table is gone; none on the old one.
      for (const s of settled.slice(1)) {
        expect(s.status).toBe('rejected')
        expect(((s as PromiseRejectedResult).reason as { code?: string }).code).toBe('42P01')
      }
      expect(log.filter((m) => m.includes('hit an internal error'))).toHaveLength(1)
      expect(log.filter((m) => m === 'embedded database reopened')).toHaveLength(1)
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM streets')
      expect(n).toBeGreaterThan(0)
    } finally {
      await db.close()
    }
  })

  it('never reopens a database that was closed, even when closing cut a statement short', async () => {
    const log: string[] = []
    const db = await openPglite(await copyTemplate(process.env.CGM_PGLITE_TEMPLATE!), (m) => log.push(m))
    // Longer than the thread's close grace (5 s): closing stops the thread under it.
    const long = db.query('SELECT pg_sleep(7)').catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 200))
    await db.close()
    expect(String(await long)).toContain('closed')
    await expect(db.query('SELECT 1')).rejects.toThrow('closed')
    expect(log).toEqual([])
  })

  it('refuses a statement of a transaction that has ended', async () => {
    const db = await openPglite()
    try {
      let late: Queryable | undefined
      await db.tx(async (q) => void (late = q))
      await expect(late!.query('SELECT 1 AS one')).rejects.toThrow('Transaction is closed')
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      await db.close()
    }
  })
})

describe.runIf(process.env.TEST_ENGINE === 'pglite')('the engine thread and the life of the process', () => {
  it('keeps the process alive while an answer is awaited, and lets it end when idle and never closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cgm-thread-'))
    const script = join(dir, 'child.mts')
    // Nothing but the awaited answer keeps this process alive, and nothing closes the database.
    await writeFile(
      script,
      `import { openPglite } from ${JSON.stringify(join(process.cwd(), 'db/pglite.ts'))}
const db = await openPglite()
const rows = await db.query("SELECT pg_sleep(0.3)::text AS slept, 7 AS x")
console.log(JSON.stringify(rows))\n`,
    )
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 })
    expect(JSON.parse(stdout)).toEqual([{ slept: '', x: 7 }])
  })
})
