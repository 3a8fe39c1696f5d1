/** /evidence/doubtful: issues closed (销号) on an "after" photo with a 回头看 warning, for leaders. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { INSPECTORS, requireRole } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, instant, resolveStreet } from '../filters.ts'
import { afterWarnings, type PhotoEvidenceRow } from '../issues/evidence.ts'
import { valid } from '../validate.ts'

const Q = { doubtful: sql(import.meta.url, 'doubtful.sql') }

/** Without `from`, the last 30 days of closings. */
const DEFAULT_DAYS = 30

const query = z.object({ from: instant.optional(), to: instant.optional(), street: filterShape.street }).strict()

interface Row extends PhotoEvidenceRow {
  issue_id: number
  closed_at: Date
  grid_code: string
  category_code: string
  description: string
}

export const evidenceRoutes = new Hono<AppEnv>().get('/doubtful', requireRole(...INSPECTORS), valid('query', query), async (c) => {
  const { db, now } = c.var.deps
  const f = c.req.valid('query')
  const street = await resolveStreet(db, f.street)
  const to = f.to ?? now()
  const from = f.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000)
  const rows = await db.query<Row>(Q.doubtful, [street, from, to])
  const byIssue = new Map<number, Row[]>()
  for (const r of rows) byIssue.set(Number(r.issue_id), [...(byIssue.get(Number(r.issue_id)) ?? []), r])
  const issues = []
  for (const [id, photos] of byIssue) {
    const before = photos.filter((p) => p.action === 'report')
    const doubts = photos
      .filter((p) => p.action === 'rectify')
      .map((p) => ({ photo: p.id, warnings: afterWarnings(p, before) }))
      .filter((d) => d.warnings.length)
    if (!doubts.length) continue
    const p = photos[0]
    issues.push({
      id,
      closed_at: isoLocal(p.closed_at),
      grid_code: p.grid_code,
      category: p.category_code,
      description: p.description,
      photos: doubts,
    })
  }
  return c.json({ from: isoLocal(from), to: isoLocal(to), issues }, 200)
})
