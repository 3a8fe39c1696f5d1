/** /auth: login with a session cookie, logout, who am I, and API tokens for machine clients. */
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { errorBody, notFound } from '../errors.ts'
import { resolveStreet } from '../filters.ts'
import { revokeStreams } from '../stream/bus.ts'
import { valid } from '../validate.ts'
import { audit, clientAddress } from './audit.ts'
import { currentUser, requireRole } from './guard.ts'
import { SESSION_COOKIE } from './identify.ts'
import { DUMMY_HASH, verifyPassword } from './password.ts'
import { DELETE_EXPIRED_SESSIONS, DELETE_SESSION, INSERT_SESSION, INSERT_TOKEN, LIST_TOKENS, REVOKE_TOKEN, USER_BY_NAME } from './queries.ts'
import { FailureLimiter } from './rate-limit.ts'
import { newSecret, secretHash } from './secret.ts'
import { ROLES, type Role } from './user.ts'

/** How long a login lasts. */
export const SESSION_HOURS = 12
const WRONG = '用户名或密码错误 (wrong username or password)'

const loginBody = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }).strict()
const tokenBody = z.object({ name: z.string().trim().min(1).max(60), role: z.enum(ROLES) }).strict()
const tokenId = z.object({ id: z.coerce.number().int().positive() })

type UserRow = { username: string; role: Role; group_code: string | null; password_hash: string; disabled: boolean; grids: string[] }

/** Builds the auth router; the limiters live as long as the app (per process). */
export function authRoutes() {
  const perUser = new FailureLimiter(5, 15 * 60_000)
  const perAddress = new FailureLimiter(20, 15 * 60_000)
  return new Hono<AppEnv>()
    .post('/login', valid('json', loginBody), async (c) => {
      const { db, now } = c.var.deps
      const { username, password } = c.req.valid('json')
      const addr = clientAddress(c) || 'unknown'
      const wait = Math.max(perUser.retryAfter(username), perAddress.retryAfter(addr))
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        return c.json(errorBody('too_many_requests', `登录失败次数过多，请 ${wait} 秒后再试 (too many attempts)`), 429)
      }
      const street = await resolveStreet(db)
      const [u] = await db.query<UserRow>(USER_BY_NAME, [street, username])
      const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH)
      if (!u || !ok || u.disabled) {
        perUser.fail(username)
        perAddress.fail(addr)
        await audit(c, 'login_failed', username, {}, username)
        return c.json(errorBody('unauthorized', WRONG), 401)
      }
      perUser.reset(username)
      const secret = newSecret()
      const expires = new Date(now().getTime() + SESSION_HOURS * 3600_000)
      await db.query(DELETE_EXPIRED_SESSIONS, [street, now()])
      await db.query(INSERT_SESSION, [street, secretHash(secret), u.username, expires])
      setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_HOURS * 3600 })
      await audit(c, 'login', u.username, {}, u.username)
      return c.json({ user: { username: u.username, role: u.role, grids: u.grids, group_code: u.group_code } }, 200)
    })
    .post('/logout', async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE)
      if (cookie) await c.var.deps.db.query(DELETE_SESSION, [secretHash(cookie)])
      if (cookie && c.var.user) revokeStreams(c.var.deps.db, c.var.user.street_id, { session: secretHash(cookie) })
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true as const }, 200)
    })
    .get('/me', async (c) => {
      const u = currentUser(c)
      return c.json({ user: { username: u.username, role: u.role, grids: u.grids, group_code: u.group_code } }, 200)
    })
    .get('/tokens', requireRole('admin'), async (c) => {
      const u = currentUser(c)
      return c.json(await c.var.deps.db.query(LIST_TOKENS, [u.street_id]), 200)
    })
    .post('/tokens', requireRole('admin'), valid('json', tokenBody), async (c) => {
      const u = currentUser(c)
      const { name, role } = c.req.valid('json')
      const secret = newSecret()
      const [row] = await c.var.deps.db.query(INSERT_TOKEN, [u.street_id, name, secretHash(secret), role, u.username])
      await audit(c, 'token_issued', name, { role })
      // The secret is shown once, here; only its hash is stored.
      return c.json({ ...row, token: secret }, 201)
    })
    .delete('/tokens/:id', requireRole('admin'), valid('param', tokenId), async (c) => {
      const u = currentUser(c)
      const { id } = c.req.valid('param')
      const rows = await c.var.deps.db.query(REVOKE_TOKEN, [u.street_id, id, c.var.deps.now()])
      if (!rows.length) throw notFound(`没有可吊销的令牌 ${id} (no live token)`)
      revokeStreams(c.var.deps.db, u.street_id, { token: id })
      await audit(c, 'token_revoked', String(id))
      return c.json({ ok: true as const }, 200)
    })
}
