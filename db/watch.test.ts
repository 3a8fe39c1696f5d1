/**
 * Which tables move the read cache's data version (0120_watch_data_changes.sql): every table of the
 * schema carries the data_changed trigger unless it is named in unwatched_tables (0342), and a table
 * a later migration adds is watched, or left alone once it is named there.
 */
import { describe, expect, it } from 'vitest'
import { rolledBack } from './adapter.ts'
import { testDb } from './testing/db.ts'

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
