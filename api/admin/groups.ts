/** /admin/groups: the 整治组 — list, create, change name or leader. */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { conflict, notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'

const Q = {
  list: sql(import.meta.url, 'groups-list.sql'),
  insert: sql(import.meta.url, 'group-insert.sql'),
  update: sql(import.meta.url, 'group-update.sql'),
  lock: sql(import.meta.url, 'group-lock.sql'),
}

const code = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/, 'expected 1–20 of A-Z a-z 0-9 _ -')
const fields = {
  name: z.string().trim().min(1).max(60),
  leader_name: z.string().trim().min(1).max(40),
  leader_title: z.string().trim().max(40),
}
const createBody = z.object({ code, ...fields, leader_title: fields.leader_title.default('') }).strict()
const updateBody = z
  .object({ name: fields.name.optional(), leader_name: fields.leader_name.optional(), leader_title: fields.leader_title.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')

type Group = { code: string; name: string; leader_name: string; leader_title: string }

export const groupsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ groups: await c.var.deps.db.query<Group>(Q.list, [adminStreet(c), null]) }, 200))
  .post('/', valid('json', createBody), async (c) => {
    const street = adminStreet(c)
    const b = c.req.valid('json')
    const exists = () => conflict('group_exists', `整治组编码已存在: ${b.code} (group code taken)`)
    const group = await c.var.deps.db
      .tx(async (q) => {
        if ((await q.query(Q.list, [street, b.code])).length) throw exists()
        await q.query(Q.insert, [street, b.code, b.name, b.leader_name, b.leader_title])
        await auditIn(q, c, 'group_created', b.code, { after: b })
        return b
      })
      .catch((e: { code?: string }) => {
        throw e.code === '23505' ? exists() : e
      })
    return c.json({ group }, 201)
  })
  .patch('/:code', valid('param', z.object({ code })), valid('json', updateBody), async (c) => {
    const street = adminStreet(c)
    const { code: id } = c.req.valid('param')
    const group = await c.var.deps.db.tx(async (q) => {
      const [before] = await q.query<Group>(Q.lock, [street, id])
      if (!before) throw notFound(`没有这个整治组: ${id} (no such group)`)
      const after: Group = { ...before, ...c.req.valid('json') }
      await q.query(Q.update, [street, id, after.name, after.leader_name, after.leader_title])
      await auditIn(q, c, 'group_updated', id, { before, after })
      return after
    })
    return c.json({ group }, 200)
  })
