/**
 * GET /streets: the streets a caller may see, the one its requests default to marked `current`;
 * PUT /streets/current: the street switcher (a cookie, and on a district account the account itself).
 */
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { STREET_COOKIE } from './scope.ts'

const Q = { list: sql(import.meta.url, 'list.sql'), choose: sql(import.meta.url, 'choose.sql') }

type StreetRow = { id: number; code: string; name: string; area_m2: number; synthetic: boolean }

const choice = z.object({ street: filterShape.street.unwrap() }).strict()

export const streetsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db } = c.var.deps
    const u = c.var.user
    const rows = await db.query<StreetRow>(Q.list, [u && !u.district ? u.street_id : null])
    // the street a request without ?street= gets; none while an anonymous reader must still choose
    const current = await resolveStreet(db).catch(() => null)
    return c.json(
      rows.map((r) => ({ code: r.code, name: r.name, area_m2: r.area_m2, synthetic: r.synthetic, current: r.id === current })),
      200,
    )
  })
  .put('/current', valid('json', choice), async (c) => {
    const { db } = c.var.deps
    const code = c.req.valid('json').street
    // the same rule as every street-scoped read: a street's account may only choose its own street
    const id = await resolveStreet(db, code)
    const u = c.var.user
    if (u?.district) await db.query(Q.choose, [u.street_id, u.username, id === u.street_id ? null : id])
    setCookie(c, STREET_COOKIE, code, { path: '/', sameSite: 'Lax', maxAge: 366 * 86400 })
    return c.json({ street: code }, 200)
  })
