/**
 * /campaigns: 攻坚 campaigns — create (leaders, admins), list, the measured page, edit and archive
 * (each edit a new version in the history), and the summary workbook. Group leaders see their
 * group's campaigns; the wall display reads them all.
 */
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { currentUser, requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { forbidden, notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { createBody, updateBody } from './body.ts'
import { type CampaignRow, measure, progressAll, publicCampaign } from './measure.ts'
import { getCampaign, history, insertCampaign, updateCampaign } from './store.ts'
import { sql } from '../../db/sql.ts'
import { summaryWorkbook } from './xlsx.ts'

const LIST = sql(import.meta.url, 'list.sql')
const READERS = ['admin', 'leader', 'group_leader', 'inspector', 'kiosk'] as const
const WRITERS = ['admin', 'leader'] as const

const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const listQuery = z
  .object({
    state: z.enum(['upcoming', 'running', 'ended']).optional(),
    archived: flag.optional(),
    progress: flag.optional(),
  })
  .strict()

/** A group leader reads only their group's campaigns. */
const groupOf = (c: Context<AppEnv>) => {
  const u = currentUser(c)
  return u.role === 'group_leader' ? (u.group_code ?? '') : null
}

/** The campaign for a reader: 404 when the street has none with that id, 403 for another group's. */
async function readable(c: Context<AppEnv>, id: number): Promise<CampaignRow> {
  const row = await getCampaign(c.var.deps.db, currentUser(c).street_id, id)
  if (!row) throw notFound(`没有这个攻坚行动: ${id} (no such campaign)`)
  const group = groupOf(c)
  if (group !== null && row.group_code !== group) throw forbidden('forbidden', '只能查看本整治组负责的攻坚行动 (another group’s campaign)')
  return row
}

export const campaignsRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...READERS), valid('query', listQuery), async (c) => {
    const f = c.req.valid('query')
    const { db, now } = c.var.deps
    const street = currentUser(c).street_id
    const at = now()
    const rows = (await db.query<CampaignRow>(LIST, [street, f.archived ?? false, groupOf(c), at])).map((r) => ({
      row: r,
      out: publicCampaign(r, at),
    }))
    const chosen = rows.filter((r) => !f.state || r.out.state === f.state)
    const campaigns = f.progress
      ? await progressAll(
          db,
          street,
          chosen.map((r) => r.row),
          at,
        )
      : chosen.map((r) => r.out)
    return c.json({ campaigns }, 200)
  })
  .post('/', requireRole(...WRITERS), valid('json', createBody), async (c) => {
    const { db, now } = c.var.deps
    const u = currentUser(c)
    const id = await db.tx((q) => insertCampaign(q, c, u.street_id, u.username, c.req.valid('json'), now()))
    const row = (await getCampaign(db, u.street_id, id))!
    return c.json({ campaign: publicCampaign(row, now()) }, 201)
  })
  .get('/:id', requireRole(...READERS), valid('param', idParam), async (c) => {
    const { id } = c.req.valid('param')
    const { db, now } = c.var.deps
    const row = await readable(c, id)
    const street = currentUser(c).street_id
    const [page, versions] = await Promise.all([measure(db, street, row, now()), history(db, street, id)])
    return c.json({ ...page, history: versions }, 200)
  })
  .patch('/:id', requireRole(...WRITERS), valid('param', idParam), valid('json', updateBody), async (c) => {
    const { id } = c.req.valid('param')
    const { db, now } = c.var.deps
    const u = currentUser(c)
    const done = await db.tx((q) => updateCampaign(q, c, u.street_id, id, u.username, c.req.valid('json'), now()))
    if (!done) throw notFound(`没有这个攻坚行动: ${id} (no such campaign)`)
    const row = (await getCampaign(db, u.street_id, id))!
    return c.json({ campaign: publicCampaign(row, now()) }, 200)
  })
  .get('/:id/summary.xlsx', requireRole(...READERS), valid('param', idParam), async (c) => {
    const { id } = c.req.valid('param')
    const { db, now } = c.var.deps
    const row = await readable(c, id)
    const page = await measure(db, currentUser(c).street_id, row, now())
    const body = await summaryWorkbook(page, now())
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="campaign-${id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`攻坚行动-${row.name}.xlsx`)}`,
    })
  })
