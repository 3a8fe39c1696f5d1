import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW } from '../../db/testing/constants.ts'
import { TOKEN_DAYS } from './tokens.ts'

const DAY = 86_400_000
const post = (body: unknown, cookie: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify(body),
})
type Token = { id: number; name: string; role: string; expires_at: string; last_used_at: string | null; token: string }

describe('API tokens: expiry, role ceiling, last use', () => {
  it('are refused for any role but the machine roles (no admin, leader or grid manager token)', async () => {
    const app = await testApp()
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    for (const role of ['admin', 'leader', 'group_leader', 'grid_manager']) {
      const res = await app.request('/api/v1/auth/tokens', post({ name: `x-${role}`, role }, admin))
      expect(res.status, role).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_parameter')
    }
    for (const role of ['kiosk', 'inspector'])
      expect((await app.request('/api/v1/auth/tokens', post({ name: `ok-${role}`, role }, admin))).status).toBe(201)
  })

  it(`expire after ${TOKEN_DAYS.default} days by default, at most ${TOKEN_DAYS.max}, and answer 401 once expired`, async () => {
    const app = await testApp()
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const dflt = (await (await app.request('/api/v1/auth/tokens', post({ name: 'wall-default', role: 'kiosk' }, admin))).json()) as Token
    expect(new Date(dflt.expires_at).getTime()).toBe(TEST_NOW.getTime() + TOKEN_DAYS.default * DAY)
    const tooLong = await app.request(
      '/api/v1/auth/tokens',
      post({ name: 'wall-forever', role: 'kiosk', expires_in_days: TOKEN_DAYS.max + 1 }, admin),
    )
    expect(tooLong.status).toBe(400)
    const short = (await (
      await app.request('/api/v1/auth/tokens', post({ name: 'wall-2d', role: 'kiosk', expires_in_days: 2 }, admin))
    ).json()) as Token
    const bearer = { headers: { authorization: `Bearer ${short.token}` } }
    expect((await (await testApp({}, () => new Date(TEST_NOW.getTime() + 2 * DAY - 1000))).request('/api/v1/auth/me', bearer)).status).toBe(200)
    expect((await (await testApp({}, () => new Date(TEST_NOW.getTime() + 2 * DAY))).request('/api/v1/auth/me', bearer)).status).toBe(401)
  })

  it('are listed with their expiry and last use', async () => {
    const app = await testApp()
    const admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
    const made = (await (
      await app.request('/api/v1/auth/tokens', post({ name: 'bridge-12345', role: 'inspector', expires_in_days: 30 }, admin))
    ).json()) as Token
    const list = async () =>
      ((await (await app.request('/api/v1/auth/tokens', { headers: { cookie: admin } })).json()) as Token[]).find((t) => t.id === made.id)!
    const before = await list()
    expect(before.last_used_at).toBeNull()
    expect(new Date(before.expires_at).getTime()).toBe(TEST_NOW.getTime() + 30 * DAY)
    expect(before).not.toHaveProperty('token')
    expect((await app.request('/api/v1/issues?limit=1', { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(200)
    expect(new Date((await list()).last_used_at!).getTime()).toBe(TEST_NOW.getTime())
  })
})
