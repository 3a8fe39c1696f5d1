import { describe, expect, it } from 'vitest'
import { newAccount } from '../../db/testing/accounts.ts'
import { testDb } from '../../db/testing/db.ts'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { hashPassword, needsRehash, PASSWORD_COST, verifyPassword } from './password.ts'

const OLD = { N: 2 ** 14, r: 8, p: 1 }

describe('password hashes', () => {
  it('a malformed stored hash never matches, and never throws', async () => {
    const good = await hashPassword('pw', OLD)
    const [, , , , salt, key] = good.split('$')
    const bad = [
      '',
      'scrypt',
      `scrypt$3$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$abc$8$1$${salt}$${key}`,
      `scrypt$${2 ** 30}$8$1$${salt}$${key}`, // beyond any memory limit
      `scrypt$16384$0$1$${salt}$${key}`,
      `scrypt$16384$8$1$$${key}`,
      `bcrypt$16384$8$1$${salt}$${key}`,
      `${good}$extra`,
    ]
    for (const h of bad) await expect(verifyPassword('pw', h), h).resolves.toBe(false)
    await expect(verifyPassword('pw', good)).resolves.toBe(true)
  })

  it("hashes at OWASP's scrypt cost (N=2^17, r=8, p=1) by default", async () => {
    const h = await hashPassword('pw')
    expect(h.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1'])
    expect(PASSWORD_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 })
    await expect(verifyPassword('pw', h)).resolves.toBe(true)
    expect(needsRehash(h)).toBe(false)
    expect(needsRehash(await hashPassword('pw', OLD))).toBe(true)
  })

  it('a hash with old parameters is upgraded on a successful login, and the password still works', async () => {
    const db = await testDb()
    // The product's own configuration: its cost is PASSWORD_COST, whatever the test accounts use.
    const app = buildApp({ db, config: loadConfig({ SEED: 'none' }), now: () => new Date() })
    const user = await newAccount('inspector', 'old-params-pw', OLD)
    const login = () =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: 'old-params-pw' }),
      })
    const stored = async () =>
      (await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', [user]))[0].password_hash
    expect((await stored()).startsWith(`scrypt$${OLD.N}$`)).toBe(true)
    expect((await login()).status).toBe(200)
    expect((await stored()).split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1'])
    expect((await login()).status).toBe(200)
  })
})
