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

  it.skipIf(process.env.TEST_ENGINE === 'postgres')(
    'rewrites a table a bulk write left mostly dead space, keeping its rows, and leaves the others',
    async () => {
      const db = await testDb()
      const state: MaintenanceState = { lastLsn: null }
      await maintain(db, state)
      // The pages the rollup's live rows fill, from the rows themselves (not the planner's estimate
      // bloated-tables.sql reads): each row's datum plus its 4-byte line pointer.
      const livePages = async () => {
        const [r] = await db.query<{ pages: number }>(`SELECT sum(pg_column_size(r.*) + 4)::float8 / 8192 AS pages FROM issue_rollup r`)
        return r.pages
      }
      const pagesNow = async (t: string) => {
        const [r] = await db.query<{ pages: number }>(`SELECT pg_relation_size($1::regclass)::float8 / 8192 AS pages`, [t])
        return r.pages
      }
      const total = `SELECT sum(n)::int AS n, count(*)::int AS rows FROM issue_rollup`
      const [before] = await db.query<{ n: number; rows: number }>(total)
      // A bulk write's trail: every row of the rollup rewritten eight times in one transaction, so
      // no old version can be removed before it commits (as a load's batches update it).
      await db.tx(async (q) => {
        for (let k = 0; k < 8; k++) await q.query(`UPDATE issue_rollup SET n = n`)
      })
      const issuesPages = await pagesNow('issues')
      expect(await pagesNow('issue_rollup')).toBeGreaterThan(4 * (await livePages()))
      const pass = await maintain(db, state, 1)
      expect(pass.compacted).toContain('issue_rollup')
      expect(pass.compacted).not.toContain('issues')
      expect(await pagesNow('issue_rollup')).toBeLessThan(1.5 * (await livePages()))
      expect(await pagesNow('issues')).toBe(issuesPages)
      expect((await db.query(total))[0]).toEqual(before)
      // Rewritten pages are all-visible again (VACUUM after the rewrite), for index-only scans.
      const [t] = await db.query<{ pages: number; visible: number }>(
        `SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = 'issue_rollup'::regclass`,
      )
      expect(t.visible / t.pages).toBeGreaterThan(0.9)
      expect((await maintain(db, state, 1)).compacted).toEqual([])
    },
  )
})
