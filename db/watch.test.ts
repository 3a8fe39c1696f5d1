/**
 * Which tables move the read cache's data version (0120_watch_data_changes.sql): every table of the
 * schema carries the data_changed trigger unless it is named in unwatched_tables (0342), and a table
 * a later migration adds is watched, or left alone once it is named there. One write moves the
 * version once, however many connections hear its notification (0352).
 */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { DATA_CHANNEL, DataVersion, rolledBack } from './adapter.ts'
import { openPostgres } from './postgres.ts'
import { testDb } from './testing/db.ts'

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

const TABLES = `
  SELECT c.relname AS name,
         EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_changed') AS watched
  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
  WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY 1`

describe('the data version watches every table but the ones named unwatched', () => {
  it('gives the trigger to exactly the tables not in unwatched_tables', async () => {
    const db = await testDb()
    const tables = await db.query<{ name: string; watched: boolean }>(TABLES)
    const named = new Set((await db.query<{ relname: string }>('SELECT relname FROM unwatched_tables')).map((r) => r.relname))
    // The list of 0341's function, which the rows replaced: none lost.
    expect([...named]).toEqual(
      expect.arrayContaining([
        'api_tokens',
        'audit_log',
        'bike_coverage',
        'bike_coverage_grids',
        'bike_coverage_sites',
        'bike_gap_cells',
        'bike_gap_days',
        'campaign_recurring',
        'idempotency_keys',
        'login_attempts',
        'schema_migrations',
        'sessions',
        'spatial_ref_sys',
        'unwatched_tables',
      ]),
    )
    expect(tables.length).toBeGreaterThan(50)
    for (const t of tables) expect({ name: t.name, watched: t.watched }).toEqual({ name: t.name, watched: !named.has(t.name) })
    expect(tables.filter((t) => t.watched).map((t) => t.name)).toEqual(expect.arrayContaining(['issues', 'bike_zones', 'grids']))
  })

  it('watches a table added later, unless a row names it', async () => {
    const db = await testDb()
    await rolledBack(db.tx, async (q) => {
      await q.query('CREATE TABLE watch_probe_kept (street_id integer)')
      await q.query('CREATE TABLE watch_probe_cache (street_id integer)')
      await q.query(`INSERT INTO unwatched_tables (relname, why) VALUES ('watch_probe_cache', 'a test')`)
      expect(await q.query('SELECT watch_data_tables() AS n')).toEqual([{ n: 1 }])
      const rows = await q.query<{ name: string; watched: boolean }>(TABLES)
      expect(rows.filter((r) => r.name.startsWith('watch_probe_'))).toEqual([
        { name: 'watch_probe_cache', watched: false },
        { name: 'watch_probe_kept', watched: true },
      ])
    })
  })
})

describe('one write moves the data version once', () => {
  it('hears a payload naming its transaction once, and one without every time', () => {
    const v = new DataVersion()
    const [n, s, a] = [v.value, v.shape, v.auth]
    for (let i = 0; i < 3; i++) v.bump('issues@1001')
    expect([v.value - n, v.shape - s, v.auth - a]).toEqual([1, 0, 0])
    v.bump('@1001') // the same transaction also wrote a table that is not an issue's
    v.bump('auth@1002')
    v.bump('auth@1002')
    expect([v.value - n, v.shape - s, v.auth - a]).toEqual([3, 2, 1])
    // An older release's payloads carry no transaction: each one moves the version.
    v.bump('issues')
    v.bump('issues')
    v.bump()
    expect([v.value - n, v.shape - s, v.auth - a]).toEqual([6, 3, 2])
  })

  it('forgets what it heard when it moves for an unknown reason or loses the listener: a restored database counts its transactions again', () => {
    // A lost listener is heard again (settle) before anything is reused.
    for (const forget of [(v: DataVersion) => v.bump(), (v: DataVersion) => (v.unsettle(), v.settle())]) {
      const v = new DataVersion()
      v.bump('issues@7')
      forget(v)
      const n = v.value
      v.bump('issues@7')
      expect(v.value - n).toBe(1)
    }
  })

  it('forgets the oldest payloads first, so one heard again long after moves it once more', () => {
    const v = new DataVersion()
    const n = v.value
    v.bump('issues@1')
    for (let i = 2; i <= 5000; i++) v.bump(`issues@${i}`)
    expect(v.value - n).toBe(5000)
    v.bump('issues@5000')
    expect(v.value - n).toBe(5000)
    v.bump('issues@1')
    expect(v.value - n).toBe(5001)
  })

  // Every pooled connection of a server LISTENs (db/postgres.ts), and so does its listener: before
  // 0352 one write reached the version once per connection.
  it.runIf(process.env.TEST_ENGINE === 'postgres')('on a server, once for a write every pooled connection hears', async () => {
    const url = process.env.CGM_PG_URL!
    const db = await openPostgres(url, 4, () => undefined)
    const observer = new pg.Client({ connectionString: url })
    try {
      for (const end = Date.now() + 10_000; !db.version!.settled && Date.now() < end;) await pause(10)
      // Four transactions at once: each takes a connection of its own, which LISTENs from then on.
      await Promise.all(Array.from({ length: 4 }, () => db.tx((q) => q.query('SELECT pg_sleep(0.05)'))))
      const heard: string[] = []
      await observer.connect()
      observer.on('notification', (m) => heard.push(m.payload ?? ''))
      await observer.query(`LISTEN ${DATA_CHANNEL}`)
      // The test database is shared with servers other tests start: a window in which another
      // process wrote as well is tried again.
      for (let attempt = 0; attempt < 10; attempt++) {
        heard.length = 0
        await pause(100)
        const [before, shape] = [db.version!.value, db.version!.shape]
        await db.query('UPDATE issues SET street_id = street_id WHERE false')
        const atCommit = db.version!.value - before
        await pause(300)
        if (heard.length !== 1) continue
        expect(heard[0]).toMatch(/^issues@\d+$/)
        expect([atCommit, db.version!.value - before, db.version!.shape - shape]).toEqual([1, 1, 0])
        return
      }
      throw new Error('no quiet window in ten tries')
    } finally {
      await observer.end().catch(() => undefined)
      await db.close()
    }
  })
})
