/** Middleware: who is asking, from the session cookie or a bearer token; anonymous otherwise. */
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../db/adapter.ts'
import type { AppEnv } from '../env.ts'
import { forbidden } from '../errors.ts'
import { readSession } from './cookie.ts'
import { cachedSession } from './session-cache.ts'
import { TOKEN_BY_HASH, TOKEN_USED, USER_BY_SESSION } from './queries.ts'
import { secretHash } from './secret.ts'
import type { Role, User } from './user.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

type SessionRow = {
  street_id: number
  username: string
  role: Role
  group_code: string | null
  disabled: boolean
  grids: string[]
  district: boolean
  street_choice: number | null
  expires_at: Date
}

type TokenRow = { street_id: number; id: number; name: string; role: Role; district: boolean; expires_at: Date }

/** Per database handle, when this process last recorded each token's use (epoch ms), by street and id. */
const usesRecorded = new WeakMap<Db, Map<string, number>>()

/**
 * Whether a token's use is to be written now: TOKEN_USED writes at most once a minute anyway, so this
 * process sends it only when its last one for the token is a minute old (or from a later clock).
 */
function useDue(db: Db, t: TokenRow, at: Date): boolean {
  let m = usesRecorded.get(db)
  if (!m) usesRecorded.set(db, (m = new Map()))
  const key = `${t.street_id}:${t.id}`
  const last = m.get(key)
  const ms = at.getTime()
  if (last !== undefined && ms >= last && ms - last < 60_000) return false
  if (m.size >= 10_000) m.clear()
  m.set(key, ms)
  return true
}

export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, now } = c.get('deps')
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
  // No Cookie header at all (a wall display, a script): nothing to read, and the HTTPS check is skipped.
  const cookie = c.req.header('cookie') ? readSession(c) : undefined
  if (bearer) {
    // Remembered like sessions (a kiosk polls every few seconds); revoking or changing a token moves
    // DataVersion.auth (0321_notify_token_changes.sql). A space keeps it apart from every cookie secret.
    const at = now()
    const t = await cachedSession(db, `bearer ${bearer}`, at, async () => (await db.query<TokenRow>(TOKEN_BY_HASH, [secretHash(bearer), at]))[0])
    if (t) {
      c.set('user', { street_id: t.street_id, username: `token:${t.name}`, role: t.role, grids: [], group_code: null, district: t.district })
      if (useDue(db, t, at)) await db.query(TOKEN_USED, [t.street_id, t.id, at])
    }
    c.set('authVia', 'bearer')
  } else if (cookie) {
    // Kept by the secret itself (this process holds it while answering anyway): no hash per cached read.
    const at = now()
    const u = await cachedSession(db, cookie, at, async () => (await db.query<SessionRow>(USER_BY_SESSION, [secretHash(cookie), at]))[0])
    if (u && !u.disabled) c.set('user', toUser(u))
    c.set('authVia', 'cookie')
    // A cookie rides along on cross-site requests; a write must come from our own origin.
    const origin = c.req.header('origin')
    if (UNSAFE.has(c.req.method) && origin && originHost(origin) !== c.req.header('host')) {
      throw forbidden('csrf_rejected', '跨站请求被拒绝 (cross-site request rejected)')
    }
  }
  await next()
}

/** The host of an Origin header; null for 'null' or anything unparsable (treated as foreign). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host
  } catch {
    return null
  }
}

function toUser(u: SessionRow): User {
  return {
    street_id: u.street_id,
    username: u.username,
    role: u.role,
    grids: u.grids,
    group_code: u.group_code,
    district: u.district,
    street_choice: u.street_choice,
  }
}
