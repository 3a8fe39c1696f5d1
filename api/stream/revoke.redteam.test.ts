/** Red team: a stream must not outlive its credential (issue 24, item 8). */
import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { newSecret, secretHash } from '../auth/secret.ts'
import { SESSION_COOKIE } from '../auth/cookie.ts'
import { cookieOf, report, send } from '../issues/test-helpers.ts'
import { openStream } from './test-reader.ts'

/** Proves a stream is live: a new report reaches it. */
async function seesReport(s: Awaited<ReturnType<typeof openStream>>, k = 0) {
  const id = (await report({}, k)).body.id
  await s.next((f) => f.event === 'issue' && f.data?.issue_id === id)
}

describe('revocation ends open streams at once', () => {
  it('a kiosk token revoked with DELETE /auth/tokens/{id}: its stream ends, an anonymous one goes on', async () => {
    const admin = await cookieOf('admin')
    const issued = await send('POST', '/api/v1/auth/tokens', { name: 'wall-revoke', role: 'kiosk' }, admin)
    expect(issued.status).toBe(201)
    const wall = await openStream({ authorization: `Bearer ${issued.body.token}` }, 'heartbeat_ms=60000')
    const anon = await openStream({}, 'heartbeat_ms=60000')
    await seesReport(wall)
    expect((await send('DELETE', `/api/v1/auth/tokens/${issued.body.id}`, undefined, admin)).status).toBe(200)
    await wall.ended()
    await seesReport(anon)
    await anon.close()
  })

  it("a grid manager's stream ends when an admin disables the account", async () => {
    const admin = await cookieOf('admin')
    const db = await testDb()
    const grids = (await db.query<{ grid_code: string }>("SELECT grid_code FROM user_grids WHERE username = 'grid01'")).map((r) => r.grid_code)
    const username = `gm-revoke-${Date.now().toString(36)}`
    const password = 'revoke-me-1234'
    expect((await send('POST', '/api/v1/admin/users', { username, role: 'grid_manager', grids, password }, admin)).status).toBe(201)
    const s = await openStream({ cookie: await loginCookie(username, password) }, 'heartbeat_ms=60000')
    await seesReport(s) // pointInside(0) lies in grid01's patch
    expect((await send('PATCH', `/api/v1/admin/users/${username}`, { disabled: true }, admin)).status).toBe(200)
    await s.ended()
  })

  it('a session ends its stream on logout', async () => {
    const cookie = await loginCookie('leader', DEMO_PASSWORD) // its own session: the shared one stays
    const s = await openStream({ cookie }, 'heartbeat_ms=60000')
    await seesReport(s)
    const app = await testApp()
    expect((await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(200)
    await s.ended()
  })

  it('a session ends its stream when it expires', async () => {
    const db = await testDb()
    const secret = newSecret()
    const [{ street_id }] = await db.query<{ street_id: number }>("SELECT street_id FROM users WHERE username = 'leader'")
    // Expires 300 ms after the test clock's now: the stream is opened live, then ends by itself.
    await db.query('INSERT INTO sessions (street_id, token_hash, username, expires_at) VALUES ($1, $2, $3, $4)', [
      street_id,
      secretHash(secret),
      'leader',
      new Date(TEST_NOW.getTime() + 300),
    ])
    const s = await openStream({ cookie: `${SESSION_COOKIE}=${secret}` }, 'heartbeat_ms=60000')
    await s.next((f) => f.comment === undefined && f.event === undefined) // the opening retry: frame
    await s.ended()
  })
})
