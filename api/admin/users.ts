/** /admin/users: accounts — list, create, edit (role, name, phone, group, grids, disabled), reset password. */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { hashPassword } from '../auth/password.ts'
import { INSERT_USER } from '../auth/queries.ts'
import { ROLES, type Role } from '../auth/user.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { revokeStreams } from '../stream/bus.ts'
import type { AppEnv } from '../env.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { valid } from '../validate.ts'
import { adminStreet, auditIn } from './common.ts'
import { checkPhone } from './phone.ts'
import { checkRefs } from './refs.ts'

const Q = {
  list: sql(import.meta.url, 'users-list.sql'),
  lock: sql(import.meta.url, 'user-lock.sql'),
  update: sql(import.meta.url, 'user-update.sql'),
  phone: sql(import.meta.url, 'user-phone.sql'),
  password: sql(import.meta.url, 'user-password.sql'),
  gridsClear: sql(import.meta.url, 'user-grids-clear.sql'),
  gridsAdd: sql(import.meta.url, 'user-grids-add.sql'),
  endSessions: sql(import.meta.url, 'sessions-end.sql'),
}

const username = z.string().regex(/^[a-z0-9_.-]{2,40}$/, 'expected 2–40 of a-z 0-9 _ . -')
const password = z.string().min(10, 'at least 10 characters').max(200)
const groupCode = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/, 'not a valid group code')
const grids = z.array(z.string().regex(/^\d{14}$/, 'expected a 14-digit grid code')).max(200)
const displayName = z.string().trim().max(60)
// The format is checked in the handler (checkPhone) so that a bad number is a 422 with a Chinese reason.
const phone = z.string().max(40)

const createBody = z
  .object({
    username,
    display_name: displayName.default(''),
    phone: phone.default(''),
    role: z.enum(ROLES),
    group_code: groupCode.nullable().optional(),
    grids: grids.optional(),
    password,
  })
  .strict()
const updateBody = z
  .object({
    display_name: displayName.optional(),
    phone: phone.optional(),
    role: z.enum(ROLES).optional(),
    group_code: groupCode.nullable().optional(),
    grids: grids.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
const passwordBody = z.object({ password }).strict()
const nameParam = z.object({ username })

type UserRow = {
  username: string
  display_name: string
  role: Role
  group_code: string | null
  phone: string
  disabled: boolean
  created_at: Date
  grids: string[]
}
type Account = { display_name: string; phone: string; role: Role; group_code: string | null; grids: string[]; disabled: boolean }

const present = (r: UserRow) => ({ ...r, created_at: isoLocal(r.created_at) })

/** One account as the API shows it, or null. */
async function findUser(q: Queryable, street: number, name: string) {
  const [row] = await q.query<UserRow>(Q.list, [street, name])
  return row ? present(row) : null
}

/** The rules an account must keep: a grid manager has a patch and only they have one; a group leader has a group. */
async function checkAccount(q: Queryable, street: number, a: Account) {
  if (a.role === 'grid_manager' && a.grids.length === 0)
    throw unprocessable('grids_required', '网格员至少要负责一个网格 (a grid manager needs at least one grid)')
  if (a.role !== 'grid_manager' && a.grids.length > 0)
    throw unprocessable('grids_not_allowed', '只有网格员有负责网格 (only grid managers have grids)')
  if (a.role === 'group_leader' && !a.group_code) throw unprocessable('group_required', '整治组长必须属于一个整治组 (a group leader needs a group)')
  await checkRefs(q, street, { grids: a.grids, group: a.group_code })
}

/** A unique violation from a race with another admin creating the same username is a 409 too. */
function taken(name: string) {
  return conflict('user_exists', `用户名已存在: ${name} (username taken)`)
}

async function setGrids(q: Queryable, street: number, name: string, codes: string[]) {
  await q.query(Q.gridsClear, [street, name])
  if (codes.length) await q.query(Q.gridsAdd, [street, name, [...new Set(codes)]])
}

/** Refuses what would lock the signed-in admin out: disabling or demoting themselves. */
function guardSelf(c: Context<AppEnv>, name: string, next: Account) {
  if (c.var.user?.username !== name) return
  if (next.disabled) throw unprocessable('cannot_change_self', '不能停用自己的账号 (you cannot disable yourself)')
  if (next.role !== 'admin') throw unprocessable('cannot_change_self', '不能取消自己的管理员角色 (you cannot demote yourself)')
}

export const usersRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const rows = await c.var.deps.db.query<UserRow>(Q.list, [adminStreet(c), null])
    return c.json({ users: rows.map(present) }, 200)
  })
  .post('/', valid('json', createBody), async (c) => {
    const street = adminStreet(c)
    const b = c.req.valid('json')
    const account: Account = {
      display_name: b.display_name,
      phone: checkPhone(b.phone),
      role: b.role,
      group_code: b.group_code ?? null,
      grids: b.grids ?? [],
      disabled: false,
    }
    const hash = await hashPassword(b.password, c.var.deps.config.passwordCost)
    const user = await c.var.deps.db
      .tx(async (q) => {
        if (await findUser(q, street, b.username)) throw taken(b.username)
        await checkAccount(q, street, account)
        await q.query(INSERT_USER, [street, b.username, account.display_name, hash, account.role, account.group_code])
        if (account.phone) await q.query(Q.phone, [street, b.username, account.phone])
        await setGrids(q, street, b.username, account.grids)
        await auditIn(q, c, 'user_created', b.username, { after: account })
        return findUser(q, street, b.username)
      })
      .catch((e: { code?: string }) => {
        throw e.code === '23505' ? taken(b.username) : e
      })
    return c.json({ user: user! }, 201)
  })
  .patch('/:username', valid('param', nameParam), valid('json', updateBody), async (c) => {
    const street = adminStreet(c)
    const { username: name } = c.req.valid('param')
    const b = c.req.valid('json')
    const phone = b.phone === undefined ? undefined : checkPhone(b.phone)
    const user = await c.var.deps.db.tx(async (q) => {
      if (!(await q.query(Q.lock, [street, name])).length) throw notFound(`没有这个用户: ${name} (no such user)`)
      const before = (await findUser(q, street, name))!
      const role = b.role ?? before.role
      const next: Account = {
        display_name: b.display_name ?? before.display_name,
        phone: phone ?? before.phone,
        role,
        group_code: b.group_code === undefined ? before.group_code : b.group_code,
        // Leaving the grid-manager role clears the patch unless grids are given (then it is refused).
        grids: b.grids ?? (role === 'grid_manager' ? before.grids : []),
        disabled: b.disabled ?? before.disabled,
      }
      guardSelf(c, name, next)
      await checkAccount(q, street, next)
      await q.query(Q.update, [street, name, next.display_name, next.role, next.group_code, next.disabled, next.phone])
      await setGrids(q, street, name, next.grids)
      if (next.disabled) await q.query(Q.endSessions, [street, name])
      const { created_at: _, username: __, ...was } = before
      await auditIn(q, c, 'user_updated', name, { before: was, after: next })
      return findUser(q, street, name)
    })
    // An open stream keeps the view and grids it was opened with: end it when they may have changed.
    if (b.disabled || b.role || b.grids) revokeStreams(c.var.deps.db, street, { user: name })
    return c.json({ user: user! }, 200)
  })
  .post('/:username/password', valid('param', nameParam), valid('json', passwordBody), async (c) => {
    const street = adminStreet(c)
    const { username: name } = c.req.valid('param')
    const hash = await hashPassword(c.req.valid('json').password, c.var.deps.config.passwordCost)
    await c.var.deps.db.tx(async (q) => {
      if (!(await q.query(Q.lock, [street, name])).length) throw notFound(`没有这个用户: ${name} (no such user)`)
      await q.query(Q.password, [street, name, hash])
      const ended = await q.query(Q.endSessions, [street, name])
      await auditIn(q, c, 'password_reset', name, { sessions_ended: ended.length })
    })
    revokeStreams(c.var.deps.db, street, { user: name })
    return c.json({ ok: true as const }, 200)
  })
