/**
 * The per-process session cache (session-cache.ts): a signed-in reader's session is looked up once,
 * and every way a session stops being valid (sign-out, a disabled account, changed grids or role,
 * expiry; in this process or in another one) takes effect on the next request that can know of it.
 */
import { describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import type { Db } from '../../db/adapter.ts'
import { openPostgres } from '../../db/postgres.ts'
import { newAccount } from '../../db/testing/accounts.ts'
import { loginCookie } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { DEMO_PASSWORD } from './bootstrap.ts'
import { TOKEN_BY_HASH, TOKEN_USED, USER_BY_SESSION } from './queries.ts'

/** `db` with a count of the session lookups (or of another statement) sent through it. */
function counting(db: Db, statement = USER_BY_SESSION): { db: Db; lookups: () => number } {
  let n = 0
  const wrapped: Db = Object.create(db)
  wrapped.query = ((text: string, params?: unknown[]) => {
    if (text === statement) n++
    return db.query(text, params)
  }) as Db['query']
  return { db: wrapped, lookups: () => n }
}

function appOver(db: Db, now: () => Date = () => TEST_NOW) {
  return buildApp({ db, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now })
}

async function login(app: ReturnType<typeof appOver>, username: string): Promise<string> {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  expect(res.status).toBe(200)
  return res.headers.get('set-cookie')!.split(';')[0]
}

const me = async (app: ReturnType<typeof appOver>, cookie: string) => {
  const res = await app.request('/api/v1/auth/me', { headers: { cookie } })
  return { status: res.status, user: res.status === 200 ? ((await res.json()) as { user: { role: string; grids: string[] } }).user : undefined }
}

describe('session cache', () => {
  // Exact counts need a database no other test process writes to meanwhile: on the server, every worker
  // of the run shares one, and their sign-ins and sign-outs move this process's version too.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')(
    'looks a signed-in reader up once while nothing about sign-ins changes, and again after a write to accounts',
    async () => {
      const base = await testDb()
      const { db, lookups } = counting(base)
      const app = appOver(db)
      const user = await newAccount('leader', DEMO_PASSWORD)
      const cookie = await login(app, user)
      for (let k = 0; k < 5; k++) expect((await me(app, cookie)).status).toBe(200)
      expect(lookups()).toBe(1)
      // An unrelated account's change moves the version: the next request looks up again.
      await base.query('UPDATE users SET display_name = display_name WHERE username = $1', [await newAccount('leader', DEMO_PASSWORD)])
      expect((await me(app, cookie)).status).toBe(200)
      expect(lookups()).toBe(2)
      // Another sign-in sweeps expired sessions; when it removes none, cached sessions stand.
      await login(app, await newAccount('leader', DEMO_PASSWORD))
      expect((await me(app, cookie)).status).toBe(200)
      expect(lookups()).toBe(2)
      // An unknown cookie is never remembered.
      for (let k = 0; k < 3; k++) expect((await me(app, 'cgm_session=not-a-session')).status).toBe(401)
      expect(lookups()).toBe(5)
      // Deleting sessions moves the version only when some were deleted.
      const other = await newAccount('leader', DEMO_PASSWORD)
      await base.query('DELETE FROM sessions WHERE username = $1', [other])
      expect((await me(app, cookie)).status).toBe(200)
      expect(lookups()).toBe(5)
      await login(app, other)
      await base.query('DELETE FROM sessions WHERE username = $1', [other])
      expect((await me(app, cookie)).status).toBe(200)
      expect(lookups()).toBe(6)
    },
  )

  it('ends a cached session at once on sign-out, a disabled account, changed grids or role', async () => {
    const base = await testDb()
    const app = appOver(base)
    const user = await newAccount('grid_manager', DEMO_PASSWORD)
    const [{ street_id: street }] = await base.query<{ street_id: number }>('SELECT street_id FROM users WHERE username = $1', [user])
    const grids = await base.query<{ code: string }>('SELECT code FROM grids WHERE street_id = $1 ORDER BY code LIMIT 2', [street])
    await base.query('INSERT INTO user_grids (street_id, username, grid_code) VALUES ($1, $2, $3)', [street, user, grids[0].code])
    const cookie = await login(app, user)
    expect((await me(app, cookie)).user?.grids).toEqual([grids[0].code])
    await base.query('INSERT INTO user_grids (street_id, username, grid_code) VALUES ($1, $2, $3)', [street, user, grids[1].code])
    expect((await me(app, cookie)).user?.grids).toEqual([grids[0].code, grids[1].code])
    await base.query("UPDATE users SET role = 'inspector' WHERE street_id = $1 AND username = $2", [street, user])
    expect((await me(app, cookie)).user?.role).toBe('inspector')
    await base.query('UPDATE users SET disabled = true WHERE street_id = $1 AND username = $2', [street, user])
    expect((await me(app, cookie)).status).toBe(401)
    await base.query('UPDATE users SET disabled = false WHERE street_id = $1 AND username = $2', [street, user])
    expect((await me(app, cookie)).status).toBe(200)
    const out = await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })
    expect(out.status).toBe(200)
    expect((await me(app, cookie)).status).toBe(401)
  })

  it('never serves a session past its expiry, cached or not', async () => {
    const base = await testDb()
    let clock = TEST_NOW
    const app = appOver(base, () => clock)
    const cookie = await login(app, await newAccount('leader', DEMO_PASSWORD))
    expect((await me(app, cookie)).status).toBe(200)
    const [{ expires_at }] = await base.query<{ expires_at: Date }>(
      "SELECT max(expires_at) AS expires_at FROM sessions WHERE created_at > now() - interval '1 minute'",
    )
    clock = new Date(new Date(expires_at).getTime() + 1)
    expect((await me(app, cookie)).status).toBe(401)
  })

  it.runIf(process.env.TEST_ENGINE === 'postgres')('ends a session another process has cached when it signs out here', async () => {
    const here = appOver(await testDb())
    const otherDb = await openPostgres(process.env.CGM_PG_URL!)
    try {
      const other = appOver(otherDb)
      const cookie = await login(here, await newAccount('leader', DEMO_PASSWORD))
      expect((await me(other, cookie)).status).toBe(200)
      const before = otherDb.version!.auth
      expect((await here.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(200)
      // The other process hears of it on its listening connection a moment after the commit.
      const deadline = Date.now() + 5_000
      while (otherDb.version!.auth === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(otherDb.version!.auth).not.toBe(before)
      expect((await me(other, cookie)).status).toBe(401)
    } finally {
      await otherDb.close()
    }
  })

  it('remembers an API token until it is revoked or changed, and records its use once a minute', async () => {
    const base = await testDb()
    const lookups = counting(base, TOKEN_BY_HASH)
    const uses = counting(lookups.db, TOKEN_USED)
    let clock = new Date(TEST_NOW.getTime() + 3_600_000)
    const app = appOver(uses.db, () => clock)
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const res = await app.request('/api/v1/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ name: `kiosk-cache-${Date.now()}`, role: 'kiosk', expires_in_days: 1 }),
    })
    expect(res.status).toBe(201)
    const made = (await res.json()) as { id: number; token: string }
    const [{ street_id: street }] = await base.query<{ street_id: number }>('SELECT street_id FROM api_tokens WHERE id = $1', [made.id])
    const ask = async () => (await app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${made.token}` } })).status
    const lastUsed = async () =>
      new Date((await base.query<{ at: Date }>('SELECT last_used_at AS at FROM api_tokens WHERE id = $1', [made.id]))[0].at).getTime()
    for (let k = 0; k < 5; k++) expect(await ask()).toBe(200)
    // Exact counts only where no other test process moves the version (see the first test).
    if (process.env.TEST_ENGINE !== 'postgres') {
      expect(lookups.lookups()).toBe(1)
      expect(uses.lookups()).toBe(1)
    }
    expect(await lastUsed()).toBe(clock.getTime())
    // A minute later the use is written again (by the cached token too).
    clock = new Date(clock.getTime() + 60_000)
    expect(await ask()).toBe(200)
    expect(await lastUsed()).toBe(clock.getTime())
    // Revoked (here as plain SQL, as another process's revocation would be): refused at once.
    await base.query('UPDATE api_tokens SET revoked_at = $3 WHERE street_id = $1 AND id = $2', [street, made.id, clock])
    expect(await ask()).toBe(401)
    // Changed back, then its expiry moved before now: refused at once too.
    await base.query('UPDATE api_tokens SET revoked_at = NULL WHERE street_id = $1 AND id = $2', [street, made.id])
    expect(await ask()).toBe(200)
    await base.query('UPDATE api_tokens SET expires_at = $3 WHERE street_id = $1 AND id = $2', [street, made.id, new Date(clock.getTime() - 1)])
    expect(await ask()).toBe(401)
  })
})
