import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from './bootstrap.ts'

const body = JSON.stringify({ username: 'leader', password: DEMO_PASSWORD })
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

async function login(url: string, env: Record<string, string> = {}, headers: Record<string, string> = {}, peer = '192.0.2.90') {
  const app = await testApp(env)
  const res = await app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }, from(peer))
  expect(res.status).toBe(200)
  return { app, cookie: res.headers.get('set-cookie')! }
}

describe('the session cookie', () => {
  it('over HTTPS is Secure and named __Host- (path /, no Domain), and only that name is read there', async () => {
    const { app, cookie } = await login('https://localhost/api/v1/auth/login')
    expect(cookie).toMatch(/^__Host-cgm_session=/)
    expect(cookie).toMatch(/; Secure/i)
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).not.toMatch(/Domain=/i)
    const secret = cookie.split(';')[0].split('=')[1]
    expect((await app.request('https://localhost/api/v1/auth/me', { headers: { cookie: `__Host-cgm_session=${secret}` } })).status).toBe(200)
    // A plain-named cookie (which any plain-HTTP page on the host could have set) does not count over HTTPS.
    expect((await app.request('https://localhost/api/v1/auth/me', { headers: { cookie: `cgm_session=${secret}` } })).status).toBe(401)
  })

  it('over plain HTTP keeps its plain name and is not Secure (intranets without TLS)', async () => {
    const { app, cookie } = await login('http://localhost/api/v1/auth/login')
    expect(cookie).toMatch(/^cgm_session=/)
    expect(cookie).not.toMatch(/Secure/i)
    expect((await app.request('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200)
  })

  it('follows X-Forwarded-Proto only from a trusted proxy', async () => {
    const proto = { 'x-forwarded-proto': 'https' }
    expect((await login('http://localhost/api/v1/auth/login', {}, proto)).cookie).toMatch(/^cgm_session=/)
    expect((await login('http://localhost/api/v1/auth/login', { TRUST_PROXY: '10.9.0.2' }, proto, '10.9.0.2')).cookie).toMatch(
      /^__Host-cgm_session=.*; Secure/i,
    )
  })

  it('COOKIE_SECURE=true forces it, COOKIE_SECURE=false never sets it', async () => {
    expect((await login('http://localhost/api/v1/auth/login', { COOKIE_SECURE: 'true' })).cookie).toMatch(/^__Host-cgm_session=.*; Secure/i)
    expect((await login('https://localhost/api/v1/auth/login', { COOKIE_SECURE: 'false' })).cookie).toMatch(/^cgm_session=/)
  })
})
