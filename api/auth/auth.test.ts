import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { newAccount } from '../../db/testing/accounts.ts'
import { DEMO_PASSWORD } from './bootstrap.ts'

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

describe('POST /api/v1/auth/login', () => {
  it('logs in with an httpOnly SameSite session cookie and answers /me with the role and patch', async () => {
    const app = await testApp()
    const res = await app.request('/api/v1/auth/login', json({ username: 'grid01', password: DEMO_PASSWORD }))
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    const body = (await res.json()) as { user: { role: string; grids: string[] } }
    expect(body.user.role).toBe('grid_manager')
    expect(body.user.grids).toHaveLength(2)
    const me = await app.request('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0] } })
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('grid01')
  })

  it('gives the same 401 for an unknown user and a wrong password, and audits both', async () => {
    const app = await testApp()
    const a = await app.request('/api/v1/auth/login', json({ username: 'nobody', password: 'x' }))
    const b = await app.request('/api/v1/auth/login', json({ username: 'leader', password: 'wrong' }))
    expect([a.status, b.status]).toEqual([401, 401])
    expect(await a.json()).toEqual(await b.json())
    const db = await testDb()
    const rows = await db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'login_failed' AND actor IN ('nobody', 'leader')")
    expect(rows.map((r) => r.actor).sort()).toEqual(expect.arrayContaining(['leader', 'nobody']))
  })

  it('stores neither passwords nor session secrets in clear', async () => {
    const cookie = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const secret = cookie.split('=')[1]
    const db = await testDb()
    const [u] = await db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'admin'")
    expect(u.password_hash).toMatch(/^scrypt\$/)
    expect(u.password_hash).not.toContain(TEST_ADMIN_PASSWORD)
    const hits = await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [secret])
    expect(hits).toHaveLength(0)
  })

  it('answers 429 with Retry-After after five failures for one account from one address', async () => {
    const app = await testApp()
    // A throw-away account: the limiter's counts live in the database the test files share.
    const user = await newAccount('inspector', DEMO_PASSWORD)
    const codes: number[] = []
    for (let k = 0; k < 6; k++) codes.push((await app.request('/api/v1/auth/login', json({ username: user, password: `bad${k}` }))).status)
    expect(codes).toEqual([401, 401, 401, 401, 401, 429])
    const res = await app.request('/api/v1/auth/login', json({ username: user, password: DEMO_PASSWORD }))
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('rejects malformed bodies with 400 and a cookie write from another origin with 403', async () => {
    const app = await testApp({ ALLOWED_HOSTS: 'localhost,civic.local' })
    const bad = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' })
    expect(bad.status).toBe(400)
    const extra = await app.request('/api/v1/auth/login', json({ username: 'a', password: 'b', admin: true }))
    expect(extra.status).toBe(400)
    const cookie = await loginCookie('leader', DEMO_PASSWORD)
    const cross = await app.request('http://civic.local/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', host: 'civic.local' },
    })
    expect(cross.status).toBe(403)
    const opaque = await app.request('http://civic.local/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: 'null', host: 'civic.local' },
    })
    expect(opaque.status).toBe(403)
    const same = await app.request('http://civic.local/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: 'http://civic.local', host: 'civic.local' },
    })
    expect(same.status).toBe(200)
  })

  it('ends the session on logout', async () => {
    const app = await testApp()
    const cookie = await loginCookie('leader', DEMO_PASSWORD)
    expect((await app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(200)
    await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })
    expect((await app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401)
  })
})

describe('API tokens', () => {
  it('are issued by an admin only, work as a bearer for their role, and stop working when revoked', async () => {
    const app = await testApp()
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const leader = await loginCookie('leader', DEMO_PASSWORD)
    const denied = await app.request('/api/v1/auth/tokens', json({ name: 'wall', role: 'kiosk' }, { cookie: leader }))
    expect(denied.status).toBe(403)
    const res = await app.request('/api/v1/auth/tokens', json({ name: 'wall', role: 'kiosk' }, { cookie: admin }))
    expect(res.status).toBe(201)
    const { id, token } = (await res.json()) as { id: number; token: string }
    const me = await app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } })
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('kiosk')
    expect((await app.request(`/api/v1/auth/tokens/${id}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(200)
    expect((await app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
  })
})
