import { describe, expect, it } from 'vitest'
import { testDb } from './testing/db.ts'
import { maintain, type MaintenanceState } from './maintenance.ts'

// The embedded engine has no autovacuum; maintain() stands in for it, and only there (a server
// runs autovacuum, so the server skips it). Embedded only: on the server the test database is shared
// by every worker of the run at once, so it is never idle and "leaves an idle database alone" cannot hold.
describe('database maintenance', () => {
  it.skipIf(process.env.TEST_ENGINE === 'postgres')(
    'vacuums after writes (pages become all-visible again) and leaves an idle database alone',
    async () => {
      const db = await testDb()
      const state: MaintenanceState = { lastLsn: null }
      expect((await maintain(db, state)).vacuumed).toBe(true)
      expect((await maintain(db, state, 1)).vacuumed).toBe(false)

      // A committed write of every issue clears the visibility bits of every page of the table.
      await db.query(`UPDATE issues SET description = description WHERE street_id = 1`)
      const idle = await maintain(db, state, 1)
      expect(idle.vacuumed).toBe(true)
      expect(idle.walBytes).toBeGreaterThan(0)
      // relallvisible is what VACUUM found all-visible (the page holding the newest versions may wait
      // for the next run).
      const [t] = await db.query<{ pages: number; visible: number }>(
        `SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = 'issues'::regclass`,
      )
      expect(t.visible / t.pages).toBeGreaterThan(0.9)
      expect((await maintain(db, state, 1)).vacuumed).toBe(false)
    },
  )
})
