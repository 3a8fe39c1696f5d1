/** /auth: login with a session cookie, logout, who am I, and API tokens for machine clients. */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { errorBody, notFound } from '../errors.ts'
import { filterShape, lookupStreet } from '../filters.ts'
import { revokeStreams } from '../stream/bus.ts'
import { valid } from '../validate.ts'
import { audit, clientAddress } from './audit.ts'
import { clearSession, readSession, writeSession } from './cookie.ts'
import { currentUser, requireRole } from './guard.ts'
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts'
import {
  DELETE_EXPIRED_SESSIONS,
  DELETE_SESSION,
  INSERT_SESSION,
  INSERT_TOKEN,
  LIST_TOKENS,
  REHASH_PASSWORD,
  REVOKE_TOKEN,
  USER_BY_NAME,
} from './queries.ts'
import { claimLogin, InFlight, LOGIN_LIMITS, loginSucceeded } from './rate-limit.ts'
import { newSecret, secretHash } from './secret.ts'
import { TOKEN_DAYS, TOKEN_ROLES } from './tokens.ts'
import type { Role } from './user.ts'

/** How long a login lasts. */
export const SESSION_HOURS = 12
const WRONG = '用户名或密码错误 (wrong username or password)'

// street: which street's account (needed once a deployment holds several streets, issue 14)
const loginBody = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200), street: filterShape.street }).strict()
const tokenBody = z
  .object({
    name: z.string().trim().min(1).max(60),
    role: z.enum(TOKEN_ROLES, { message: `令牌只能用于机器角色 (tokens are for machine roles only: ${TOKEN_ROLES.join(', ')})` }),
    expires_in_days: z.number().int().min(1).max(TOKEN_DAYS.max).default(TOKEN_DAYS.default),
  })
  .strict()
const tokenId = z.object({ id: z.coerce.number().int().positive() })

type UserRow = { username: string; role: Role; group_code: string | null; password_hash: string; disabled: boolean; grids: string[] }

function tooManyLogins(c: Context<AppEnv>, wait: number) {
  c.header('Retry-After', String(wait))
  return c.json(errorBody('too_many_requests', `登录失败次数过多，请 ${wait} 秒后再试 (too many attempts)`), 429)
}

/** Builds the auth router; the login counters live in the database, logins in flight per process. */
export function authRoutes() {
  const inFlight = new InFlight(LOGIN_LIMITS.inFlightPerAddress, LOGIN_LIMITS.inFlightTotal)
  return new Hono<AppEnv>()
    .post('/login', valid('json', loginBody), async (c) => {
      const { db, now, config } = c.var.deps
      const { username, password, street: code } = c.req.valid('json')
      const address = clientAddress(c) || 'unknown'
      if (!inFlight.enter(address)) return tooManyLogins(c, 1)
      try {
        const street = await lookupStreet(db, code)
        const attempt = { street, username, address, now: now() }
        // Counted before the password is checked: a parallel burst cannot outrun the count.
        const wait = await claimLogin(db, attempt)
        if (wait > 0) return tooManyLogins(c, wait)
        const [u] = await db.query<UserRow>(USER_BY_NAME, [street, username])
        const ok = await verifyPassword(password, u?.password_hash ?? (await dummyHash(config.passwordCost)))
        if (!u || !ok || u.disabled) {
          await audit(c, 'login_failed', username, {}, username, street)
          return c.json(errorBody('unauthorized', WRONG), 401)
        }
        await loginSucceeded(db, attempt)
        if (needsRehash(u.password_hash, config.passwordCost)) {
          await db.query(REHASH_PASSWORD, [street, u.username, u.password_hash, await hashPassword(password, config.passwordCost)])
        }
        const secret = newSecret()
        const expires = new Date(now().getTime() + SESSION_HOURS * 3600_000)
        await db.query(DELETE_EXPIRED_SESSIONS, [street, now()])
        await db.query(INSERT_SESSION, [street, secretHash(secret), u.username, expires])
        writeSession(c, secret, SESSION_HOURS * 3600)
        await audit(c, 'login', u.username, {}, u.username, street)
        return c.json({ user: { username: u.username, role: u.role, grids: u.grids, group_code: u.group_code } }, 200)
      } finally {
        inFlight.leave(address)
      }
    })
    .post('/logout', async (c) => {
      const cookie = readSession(c)
      if (cookie) await c.var.deps.db.query(DELETE_SESSION, [secretHash(cookie)])
      if (cookie && c.var.user) revokeStreams(c.var.deps.db, c.var.user.street_id, { session: secretHash(cookie) })
      clearSession(c)
      return c.json({ ok: true as const }, 200)
    })
    .get('/me', async (c) => {
      const u = currentUser(c)
      const [s] = await c.var.deps.db.query<{ code: string; name: string }>('SELECT code, name FROM streets WHERE id = $1', [u.street_id])
      const user = { username: u.username, role: u.role, grids: u.grids, group_code: u.group_code }
      return c.json({ user: { ...user, street: s, district: u.district ?? false } }, 200)
    })
    .get('/tokens', requireRole('admin'), async (c) => {
      const u = currentUser(c)
      return c.json(await c.var.deps.db.query(LIST_TOKENS, [u.street_id]), 200)
    })
    .post('/tokens', requireRole('admin'), valid('json', tokenBody), async (c) => {
      const u = currentUser(c)
      const { name, role, expires_in_days } = c.req.valid('json')
      const secret = newSecret()
      const expires = new Date(c.var.deps.now().getTime() + expires_in_days * 86_400_000)
      const [row] = await c.var.deps.db.query(INSERT_TOKEN, [u.street_id, name, secretHash(secret), role, u.username, expires])
      await audit(c, 'token_issued', name, { role, expires_in_days })
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
