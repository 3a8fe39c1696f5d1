/**
 * GET /indicators?by=street|community|grid|group|category (+ the shared filters): the closed-loop
 * indicators — 整改率, 按期结案率, 返工率, mean and 90th-percentile time to close, overdue — per unit
 * for any time window (issues reported in [from, to)).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { gridScope } from '../auth/guard.ts'
import { atVersion } from '../cache/memo.ts'
import { streetIndicators } from '../district/ranking.ts'
import type { AppEnv } from '../env.ts'
import { filterParams, filterShape, issueFilter, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { foldIndicators, indicators, ZERO, type IndicatorRow } from './fold.ts'
import { publicFigures, type PublicRow } from './public.ts'

const Q = {
  indicators: sql(import.meta.url, 'indicators.sql'),
  names: sql(import.meta.url, 'names.sql'),
  public: sql(import.meta.url, 'public.sql'),
}

export const BY = ['street', 'community', 'grid', 'group', 'category'] as const

const query = z.object({ ...filterShape, by: z.enum(BY).default('street') }).strict()

export const indicatorsRoutes = new Hono<AppEnv>().get('/', valid('query', query), async (c) => {
  const { db, now } = c.var.deps
  const { by, ...f } = c.req.valid('query')
  const street = await resolveStreet(db, f.street)
  // A grid manager's indicators are computed over their own grids only, in SQL.
  const scope = gridScope(c.var.user)
  const p = issueFilter(f)
  // A whole street over a window (the wall's and the leaders' question, asked on every write) reads
  // the daily rollup the district ranking reads (migration 0230): a few ms at any size, where counting
  // the window's issues grows with them. Any other filter or unit counts the issues.
  // Every filter but the window narrows the issues, a filter added later included.
  const { from, to, ...narrowing } = p
  const rollup = by === 'street' && scope === null && Object.values(narrowing).every((x) => x === null)
  // 市民上报 (issue 20): the residents' reports of the same units and window; none per 整治组
  // (the status filter is the issues'; a report's own status is counted in its figures instead)
  const args = [street, p.from, p.to, p.categories, p.community, p.grid, p.bbox, scope, by]
  // The reader's grids narrow only the grids' names.
  const nameParams = [street, by, by === 'grid' ? scope : null]
  // The three reads run side by side: under load each waits for a pool connection once, together.
  const [rows, names, pubRows] = await Promise.all([
    rollup
      ? streetIndicators(db, [street], from, to, now()).then((rs) => rs.map((r) => ({ ...r, key: 'street' })))
      : db.query<IndicatorRow>(Q.indicators, [street, ...filterParams(f), now(), by, scope]),
    // the units' names are kept per shape version (a report does not change them)
    atVersion(db, `indicators/names ${JSON.stringify(nameParams)}`, () =>
      db.query<{ key: string; name: string; leader: string | null }>(Q.names, nameParams),
    ),
    db.query<PublicRow>(Q.public, args),
  ])
  const folded = foldIndicators(names, rows)
  const pub = new Map(pubRows.map((r) => [r.key, r]))
  for (const r of pub.values()) if (!folded.some((x) => x.key === r.key)) folded.push(indicators({ ...ZERO, key: r.key as string }, null))
  const out = folded.map((r) => ({ ...r, public: by === 'group' ? null : publicFigures(pub.get(r.key)) }))
  return c.json({ by, rows: out }, 200)
})
