/**
 * POST /imports/points and /imports/issues: an office's .xlsx or .csv ledger in, all rows or none.
 * `?dry_run=1` answers the report and writes nothing; a real import with any bad row answers 422
 * with the same report and writes nothing either.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { currentUser, requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { importIssues } from './issues.ts'
import { importPoints } from './points.ts'
import type { ImportReport } from './report.ts'
import { readTable, uploadedFile } from './upload.ts'
import { scheduleKpi } from '../stream/kpi.ts'
import { publishEvents } from '../stream/publish.ts'

const importQuery = z.object({ street: filterShape.street, dry_run: z.enum(['0', '1', 'true', 'false']).optional() }).strict()

/** Roles that may import issues: the street's leaders and admins. */
export const ISSUE_IMPORTERS = ['admin', 'leader'] as const

/** Most events of one issue import pushed to live clients one by one (beyond: a KPI refresh only). */
export const LIVE_IMPORT_LIMIT = 500

const answer = (report: ImportReport, dryRun: boolean) => (report.errors.length && !dryRun ? 422 : 200)

export const importsRoutes = new Hono<AppEnv>()
  .post('/points', requireRole('admin'), valid('query', importQuery), async (c) => {
    const { db, now } = c.var.deps
    const f = c.req.valid('query')
    const dryRun = f.dry_run === '1' || f.dry_run === 'true'
    const street = await resolveStreet(db, f.street)
    const file = await uploadedFile(c.req.raw)
    const rows = await readTable(file.name, file.bytes)
    const report = await db.tx((q) => importPoints(q, street, rows, now(), dryRun))
    return c.json(report, answer(report, dryRun))
  })
  .post('/issues', requireRole(...ISSUE_IMPORTERS), valid('query', importQuery), async (c) => {
    const { db, now, config } = c.var.deps
    const f = c.req.valid('query')
    const dryRun = f.dry_run === '1' || f.dry_run === 'true'
    const street = await resolveStreet(db, f.street)
    const file = await uploadedFile(c.req.raw)
    const rows = await readTable(file.name, file.bytes)
    const user = currentUser(c)
    const { events, ...report } = await db.tx((q) => importIssues(q, street, rows, user, now(), dryRun, config.dataSince))
    // After the commit, as a single report is: the wall and /plan see the imported issues live. A
    // large import is one reset-like burst; past LIVE_IMPORT_LIMIT events the clients get the KPI
    // refresh only and find the rest on their next load (a ticker of thousands helps nobody).
    if (events?.length) {
      if (events.length <= LIVE_IMPORT_LIMIT) await publishEvents(db, street, now(), events)
      else scheduleKpi(db, street, now())
    }
    return c.json(report, answer(report, dryRun))
  })
