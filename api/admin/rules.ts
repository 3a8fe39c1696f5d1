/** /admin/group-rules: the responsible group per category × community (整治组交办规则). */
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { notFound } from '../errors.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'
import { checkRefs } from './refs.ts'

const Q = {
  list: sql(import.meta.url, 'rules-list.sql'),
  get: sql(import.meta.url, 'rule-get.sql'),
  upsert: sql(import.meta.url, 'rule-upsert.sql'),
  delete: sql(import.meta.url, 'rule-delete.sql'),
}

const category_code = z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'not a valid category code')
const community_code = z.string().regex(/^\d{12}$/, 'expected a 12-digit community code')
const group_code = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/, 'not a valid group code')
const key = z.object({ category: category_code, community: community_code })
const ruleBody = z.object({ category_code, community_code, group_code }).strict()

type Rule = z.infer<typeof ruleBody>

export const rulesRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ rules: await c.var.deps.db.query<Rule>(Q.list, [adminStreet(c)]) }, 200))
  .put('/', valid('json', ruleBody), async (c) => {
    const street = adminStreet(c)
    const r = c.req.valid('json')
    await c.var.deps.db.tx(async (q) => {
      await checkRefs(q, street, { category: r.category_code, community: r.community_code, group: r.group_code })
      const [before] = await q.query<{ group_code: string }>(Q.get, [street, r.category_code, r.community_code])
      await q.query(Q.upsert, [street, r.category_code, r.community_code, r.group_code])
      await auditIn(q, c, 'rule_changed', `${r.category_code}@${r.community_code}`, { before: before?.group_code ?? null, after: r.group_code })
    })
    return c.json({ rule: r }, 200)
  })
  .delete('/:category/:community', valid('param', key), async (c) => {
    const street = adminStreet(c)
    const { category, community } = c.req.valid('param')
    await c.var.deps.db.tx(async (q) => {
      const [before] = await q.query<{ group_code: string }>(Q.get, [street, category, community])
      if (!before) throw notFound(`没有这条交办规则: ${category} × ${community} (no such rule)`)
      await q.query(Q.delete, [street, category, community])
      await auditIn(q, c, 'rule_deleted', `${category}@${community}`, { before: before.group_code, after: null })
    })
    return c.json({ ok: true as const }, 200)
  })
