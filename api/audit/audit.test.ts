import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'

type Page = { entries: { action: string; actor: string; at: string }[] }

describe('GET /api/v1/audit', () => {
  it('shows admins the logins, failed logins and denials; refuses everyone else', async () => {
    const app = await testApp()
    await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'group01', password: 'not-the-password' }),
    })
    const leader = await loginCookie('leader', DEMO_PASSWORD)
    expect((await app.request('/api/v1/audit', { headers: { cookie: leader } })).status).toBe(403)
    expect((await app.request('/api/v1/audit')).status).toBe(401)
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const res = await app.request('/api/v1/audit?limit=50', { headers: { cookie: admin } })
    expect(res.status).toBe(200)
    const { entries } = (await res.json()) as Page
    const seen = entries.map((e) => `${e.action}:${e.actor}`)
    expect(seen).toContain('login_failed:group01')
    expect(seen).toContain('permission_denied:leader')
    expect(seen).toContain('login:admin')
    expect(entries[0].at).toMatch(/\+08:00$/)
    const failed = (await (await app.request('/api/v1/audit?action=login_failed', { headers: { cookie: admin } })).json()) as Page
    expect(failed.entries.every((e) => e.action === 'login_failed')).toBe(true)
  })
})
