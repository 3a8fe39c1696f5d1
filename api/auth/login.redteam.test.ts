/** Red team: password guessing against the login, in parallel bursts, from many addresses, via a proxy. */
import { describe, expect, it } from 'vitest'
import { newAccount } from '../../db/testing/accounts.ts'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { LOGIN_LIMITS } from './rate-limit.ts'

const PASSWORD = 'the-right-password'
/** The node-server bindings app.request() passes on, so getConnInfo sees a socket peer. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
const login = (username: string, password: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ username, password }),
})

describe('login limits (red team)', () => {
  it('a parallel burst of 30 wrong passwords passes at most the limit to the password check; the rest get 429', async () => {
    const app = await testApp()
    const admin = await newAccount('admin', PASSWORD)
    const codes = await Promise.all(
      Array.from({ length: 30 }, async (_, k) => (await app.request('/api/v1/auth/login', login(admin, `guess-${k}`), from('192.0.2.10'))).status),
    )
    const checked = codes.filter((s) => s === 401).length
    expect(checked).toBeGreaterThan(0)
    expect(checked).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAddress)
    expect(codes.filter((s) => s === 429)).toHaveLength(30 - checked)
    const fails = await (await testDb()).query("SELECT 1 FROM audit_log WHERE action = 'login_failed' AND actor = $1", [admin])
    expect(fails).toHaveLength(checked)
  })

  it("the owner, from another address, still logs in after an attacker's failures", async () => {
    const app = await testApp()
    const user = await newAccount('inspector', PASSWORD)
    const attacker: number[] = []
    for (let k = 0; k < 12; k++) attacker.push((await app.request('/api/v1/auth/login', login(user, `guess-${k}`), from('192.0.2.20'))).status)
    expect(attacker).toContain(429)
    expect((await app.request('/api/v1/auth/login', login(user, PASSWORD), from('192.0.2.21'))).status).toBe(200)
    // The attacker's address stays refused, even with the right password.
    expect((await app.request('/api/v1/auth/login', login(user, PASSWORD), from('192.0.2.20'))).status).toBe(429)
  })

  it('one person guessing behind the office NAT does not lock the colleagues who share its address', async () => {
    const app = await testApp()
    const colleague = await newAccount('grid_manager', PASSWORD)
    // 24 failures over 6 accounts, each under its own limit: more than any per-address cap would allow.
    for (let v = 0; v < 6; v++) {
      const victim = await newAccount('leader', PASSWORD)
      for (let k = 0; k < 4; k++) expect((await app.request('/api/v1/auth/login', login(victim, `guess-${k}`), from('192.0.2.30'))).status).toBe(401)
    }
    expect((await app.request('/api/v1/auth/login', login(colleague, PASSWORD), from('192.0.2.30'))).status).toBe(200)
  })

  it('X-Forwarded-For is ignored from an untrusted peer: rotating it does not escape the limit', async () => {
    const app = await testApp()
    const user = await newAccount('inspector', PASSWORD)
    const codes: number[] = []
    for (let k = 0; k < 7; k++) {
      const res = await app.request('/api/v1/auth/login', login(user, `guess-${k}`, { 'x-forwarded-for': `203.0.113.${k}` }), from('192.0.2.40'))
      codes.push(res.status)
    }
    expect(codes.slice(LOGIN_LIMITS.perAccountAddress)).toEqual([429, 429])
  })

  it('behind a trusted proxy (TRUST_PROXY), each client is its X-Forwarded-For address, also in the audit log', async () => {
    const app = await testApp({ TRUST_PROXY: '10.9.0.0/16' })
    const user = await newAccount('inspector', PASSWORD)
    const proxy = from('10.9.0.2')
    // The proxy appends the peer it saw; anything left of that was written by the client.
    const attacker = { 'x-forwarded-for': '198.51.100.7, 203.0.113.66' }
    for (let k = 0; k < LOGIN_LIMITS.perAccountAddress; k++) await app.request('/api/v1/auth/login', login(user, `guess-${k}`, attacker), proxy)
    expect((await app.request('/api/v1/auth/login', login(user, `guess-x`, attacker), proxy)).status).toBe(429)
    const owner = { 'x-forwarded-for': '203.0.113.77' }
    expect((await app.request('/api/v1/auth/login', login(user, PASSWORD, owner), proxy)).status).toBe(200)
    const rows = await (
      await testDb()
    ).query<{ action: string; address: string }>(
      "SELECT action, address FROM audit_log WHERE actor = $1 AND action IN ('login', 'login_failed') ORDER BY id",
      [user],
    )
    expect(new Set(rows.map((r) => `${r.action} ${r.address}`))).toEqual(new Set(['login_failed 203.0.113.66', 'login 203.0.113.77']))
  })
})
