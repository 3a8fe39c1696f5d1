/**
 * /admin/gazetteer: the 12345 locator's names only the street office knows — aliases operators use for
 * the street's places ("东塘农贸" → 东塘农贸市场) and 门牌 ranges along named roads ("新雨路1–199号") —
 * and a way to try an address against the locator as it stands.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { gazetteerEntries, LOCATE_THRESHOLD, loadGazetteer, locate } from '../hotline/locator.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'

const Q = {
  aliases: sql(import.meta.url, 'gazetteer-aliases.sql'),
  aliasUpsert: sql(import.meta.url, 'gazetteer-alias-upsert.sql'),
  aliasDelete: sql(import.meta.url, 'gazetteer-alias-delete.sql'),
  ranges: sql(import.meta.url, 'gazetteer-ranges.sql'),
  roadLine: sql(import.meta.url, 'gazetteer-road-line.sql'),
  rangeOverlap: sql(import.meta.url, 'gazetteer-range-overlap.sql'),
  rangeInsert: sql(import.meta.url, 'gazetteer-range-insert.sql'),
  rangeDelete: sql(import.meta.url, 'gazetteer-range-delete.sql'),
}

/** A name as the locator compares it: full-width folded (NFKC), no spaces. */
const nameText = z
  .string()
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, ''))
  .pipe(z.string().min(2, '至少 2 个字').max(40, '最多 40 个字'))

const aliasParam = z.object({ alias: nameText })
const aliasBody = z.object({ target: z.string().trim().min(1, '请填写别名所指的地名').max(80, '地名最多 80 个字') }).strict()
const houseNo = z.number('门牌号须为数字').int('门牌号须为整数').min(1, '门牌号须为 1–99999').max(99999, '门牌号须为 1–99999')
const rangeBody = z
  .object({
    road: z.string().trim().min(1, '请选择道路').max(80, '道路名最多 80 个字'),
    first_no: houseNo,
    last_no: houseNo,
    parity: z.enum(['all', 'odd', 'even']).default('all'),
    /** the numbers start at the road's other end */
    reversed: z.boolean().default(false),
  })
  .strict()
  .refine((b) => b.last_no > b.first_no, { message: '止号须大于起号 (last_no must exceed first_no)', path: ['last_no'] })
  .refine((b) => b.parity === 'all' || (b.first_no % 2 === 1) === (b.parity === 'odd'), {
    message: '单号段的起号须为单数，双号段须为双数 (first_no must have the range parity)',
    path: ['first_no'],
  })
  .refine((b) => b.parity === 'all' || (b.last_no % 2 === 1) === (b.parity === 'odd'), {
    message: '单号段的止号须为单数，双号段须为双数 (last_no must have the range parity)',
    path: ['last_no'],
  })
type AliasRow = { alias: string; target: string; created_by: string; created_at: Date }
type RangeRow = {
  id: number
  road: string
  first_no: number
  last_no: number
  parity: 'all' | 'odd' | 'even'
  line: { type: 'LineString'; coordinates: [number, number][] }
  length_m: number
  created_by: string
  created_at: Date
}

const idParam = z.object({ id: z.coerce.number().int().positive() })
const locateBody = z.object({ address: z.string().trim().min(1).max(200) }).strict()

export const gazetteerRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db } = c.var.deps
    const street = adminStreet(c)
    const [entries, aliases, ranges] = await Promise.all([
      gazetteerEntries(db, street),
      db.query<AliasRow>(Q.aliases, [street]),
      db.query<RangeRow>(Q.ranges, [street]),
    ])
    const names = [...new Map(entries.map((e) => [e.name, { name: e.name, kind: e.kind }])).values()]
    // bigint and numeric arrive as strings from node-postgres
    const list = ranges.map((r) => ({ ...r, id: Number(r.id), length_m: Number(r.length_m) }))
    return c.json({ names, aliases, ranges: list }, 200)
  })
  .put('/aliases/:alias', valid('param', aliasParam), valid('json', aliasBody), async (c) => {
    const { db, now } = c.var.deps
    const street = adminStreet(c)
    const { alias } = c.req.valid('param')
    const { target } = c.req.valid('json')
    const names = new Set((await gazetteerEntries(db, street)).map((e) => e.name))
    if (!names.has(target)) throw notFound(`地名库中没有「${target}」：别名须指向已有的点位、社区或道路名称 (no such gazetteer name)`)
    if (names.has(alias)) throw conflict('alias_is_a_name', `「${alias}」本身就是地名库中的名称，无需设为别名 (the alias is already a name)`)
    const before = await db.tx(async (q) => {
      const [row] = await q.query<{ before: string | null }>(Q.aliasUpsert, [street, alias, target, c.var.user!.username, now()])
      await auditIn(q, c, 'gazetteer_alias_set', alias, { before: row.before, after: target })
      return row.before
    })
    return c.json({ alias, target }, before === null ? 201 : 200)
  })
  .delete('/aliases/:alias', valid('param', aliasParam), async (c) => {
    const street = adminStreet(c)
    const { alias } = c.req.valid('param')
    await c.var.deps.db.tx(async (q) => {
      const [gone] = await q.query<{ target: string }>(Q.aliasDelete, [street, alias])
      if (!gone) throw notFound(`没有别名「${alias}」(no such alias)`)
      await auditIn(q, c, 'gazetteer_alias_deleted', alias, { before: gone.target, after: null })
    })
    return c.json({ ok: true as const }, 200)
  })
  .post('/ranges', valid('json', rangeBody), async (c) => {
    const { db, now } = c.var.deps
    const street = adminStreet(c)
    const b = c.req.valid('json')
    const id = await db.tx(async (q) => {
      const [road] = await q.query<{ line: string | null; found: boolean }>(Q.roadLine, [street, b.road, b.reversed])
      if (!road?.found) throw notFound(`底图中没有名为「${b.road}」的道路 (no such road)`)
      if (!road.line) throw unprocessable('road_not_single_line', `「${b.road}」由不相连的几段组成，无法沿一条线编排门牌 (the road is not one line)`)
      const [clash] = await q.query<{ id: number; first_no: number; last_no: number }>(Q.rangeOverlap, [
        street,
        b.road,
        b.first_no,
        b.last_no,
        b.parity,
      ])
      if (clash) throw conflict('range_overlaps', `与已有门牌段 ${b.road}${clash.first_no}–${clash.last_no}号 重叠 (overlaps range ${clash.id})`)
      const [row] = await q.query<{ id: number }>(Q.rangeInsert, [
        street,
        b.road,
        b.first_no,
        b.last_no,
        b.parity,
        road.line,
        c.var.user!.username,
        now(),
      ])
      await auditIn(q, c, 'address_range_added', `${b.road}${b.first_no}-${b.last_no}`, { before: null, after: { ...b, id: Number(row.id) } })
      return Number(row.id)
    })
    return c.json({ id, ...b }, 201)
  })
  .delete('/ranges/:id', valid('param', idParam), async (c) => {
    const street = adminStreet(c)
    const { id } = c.req.valid('param')
    await c.var.deps.db.tx(async (q) => {
      const [gone] = await q.query(Q.rangeDelete, [street, id])
      if (!gone) throw notFound(`没有编号为 ${id} 的门牌段 (no such range)`)
      await auditIn(q, c, 'address_range_deleted', String(id), { before: gone, after: null })
    })
    return c.json({ ok: true as const }, 200)
  })
  // Try an address as a 12345 order would be located now (changes nothing).
  .post('/locate', valid('json', locateBody), async (c) => {
    const { db } = c.var.deps
    const street = adminStreet(c)
    const { address } = c.req.valid('json')
    const at = await locate(db, await loadGazetteer(db, street), address)
    return c.json({ address, located: at, placed: !!at && at.confidence >= LOCATE_THRESHOLD, threshold: LOCATE_THRESHOLD }, 200)
  })
