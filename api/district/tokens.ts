/**
 * POST /district/tokens and DELETE /district/tokens/:id: API tokens for a district's machine clients
 * (a district wall display). Only a district account may issue or revoke them; the token reads as a
 * district-wide kiosk (every street, writes nowhere) and lives in the account's home street.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { audit } from '../auth/audit.ts'
import { currentUser, requireRole } from '../auth/guard.ts'
import { newSecret, secretHash } from '../auth/secret.ts'
import { TOKEN_DAYS } from '../auth/tokens.ts'
import type { AppEnv } from '../env.ts'
import { forbidden, notFound } from '../errors.ts'
import { revokeStreams } from '../stream/bus.ts'
import { valid } from '../validate.ts'

const Q = { insert: sql(import.meta.url, 'token-insert.sql'), revoke: sql(import.meta.url, 'token-revoke.sql') }

const body = z
  .object({
    name: z.string().trim().min(1).max(60),
    expires_in_days: z.number().int().min(1).max(TOKEN_DAYS.max).default(TOKEN_DAYS.default),
  })
  .strict()
const tokenId = z.object({ id: z.coerce.number().int().positive() })

/** A signed-in district leader (a district kiosk, or a token, may not issue tokens). */
const districtLeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  const u = currentUser(c)
  if (!u.district || u.username.startsWith('token:')) {
    await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: u.role })
    throw forbidden('forbidden', '只有区级账号可以签发区级令牌 (only a district account may issue district tokens)')
  }
  await next()
}

export const districtTokenRoutes = new Hono<AppEnv>()
  .post('/', requireRole('leader'), districtLeader, valid('json', body), async (c) => {
    const u = currentUser(c)
    const { name, expires_in_days } = c.req.valid('json')
    const secret = newSecret()
    const expires = new Date(c.var.deps.now().getTime() + expires_in_days * 86_400_000)
    const [row] = await c.var.deps.db.query(Q.insert, [u.street_id, name, secretHash(secret), u.username, expires])
    await audit(c, 'token_issued', name, { role: 'kiosk', district: true, expires_in_days })
    // The secret is shown once, here; only its hash is stored.
    return c.json({ ...row, token: secret }, 201)
  })
  .delete('/:id', requireRole('leader'), districtLeader, valid('param', tokenId), async (c) => {
    const u = currentUser(c)
    const { id } = c.req.valid('param')
    const rows = await c.var.deps.db.query(Q.revoke, [u.street_id, id, c.var.deps.now()])
    if (!rows.length) throw notFound(`没有可吊销的区级令牌 ${id} (no live district token)`)
    revokeStreams(c.var.deps.db, u.street_id, { token: id })
    await audit(c, 'token_revoked', String(id))
    return c.json({ ok: true as const }, 200)
  })
