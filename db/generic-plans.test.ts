/**
 * The triggers of every issue write run with generic plans (0340): planned once per connection, not
 * on every write. A function redefined by a later migration (CREATE OR REPLACE) loses its SET clause
 * unless it states it again; this names such a function, and any new trigger function without it.
 */
import { describe, expect, it } from 'vitest'
import { testDb } from './testing/db.ts'

/** Trigger functions that plan nothing worth keeping: one pg_notify, one advisory lock. */
const PLANLESS = new Set(['notify_data_change', 'issue_events_commit_order'])

describe('trigger plans on the issue write path', () => {
  it('every trigger function of issues and issue_events keeps generic plans', async () => {
    const db = await testDb()
    const rows = await db.query<{ fn: string; config: string[] | null }>(
      `SELECT DISTINCT p.proname AS fn, p.proconfig AS config
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE NOT t.tgisinternal AND t.tgrelid IN ('issues'::regclass, 'issue_events'::regclass)
       ORDER BY 1`,
    )
    const checked = rows.filter((r) => !PLANLESS.has(r.fn))
    // The write path's triggers: rollups, cells, hexes, day marks, day indicators, campaign tallies,
    // bike coverage, the grid assignment. Far fewer would mean the query above lost them.
    expect(checked.length).toBeGreaterThanOrEqual(29)
    const without = checked.filter((r) => !(r.config ?? []).includes('plan_cache_mode=force_generic_plan')).map((r) => r.fn)
    expect(without).toEqual([])
  })
})
