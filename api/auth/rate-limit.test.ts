import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { resolveStreet } from '../filters.ts'
import { claimLogin, InFlight, LOGIN_LIMITS, loginSucceeded } from './rate-limit.ts'

const L = LOGIN_LIMITS
const at = (t0: Date, seconds: number) => new Date(t0.getTime() + seconds * 1000)

async function setup() {
  const db = await testDb()
  return { db, street: await resolveStreet(db), user: `rl-${randomUUID().slice(0, 8)}`, t0: new Date('2026-11-20T02:00:00Z') }
}

describe('claimLogin (counts in the database, before the password check)', () => {
  it('admits exactly the per account × address limit from a parallel burst', async () => {
    const { db, street, user, t0 } = await setup()
    const waits = await Promise.all(Array.from({ length: 12 }, () => claimLogin(db, { street, username: user, address: '192.0.2.1', now: t0 })))
    expect(waits.filter((w) => w === 0)).toHaveLength(L.perAccountAddress)
    // The refused ones wait for the window, which started at t0.
    for (const w of waits.filter((w) => w > 0)) expect(w).toBe(L.windowSeconds)
  })

  it('refuses one address but not another for the same account, and frees it when the window passes', async () => {
    const { db, street, user, t0 } = await setup()
    const a = { street, username: user, address: '192.0.2.2', now: t0 }
    for (let k = 0; k < L.perAccountAddress; k++) expect(await claimLogin(db, a)).toBe(0)
    expect(await claimLogin(db, { ...a, now: at(t0, 60) })).toBe(L.windowSeconds - 60)
    expect(await claimLogin(db, { ...a, address: '192.0.2.3', now: at(t0, 60) })).toBe(0)
    expect(await claimLogin(db, { ...a, now: at(t0, L.windowSeconds) })).toBe(0)
  })

  it('clears the account × address key on success', async () => {
    const { db, street, user, t0 } = await setup()
    const a = { street, username: user, address: '192.0.2.4', now: t0 }
    for (let k = 0; k < L.perAccountAddress - 1; k++) await claimLogin(db, a)
    expect(await claimLogin(db, a)).toBe(0)
    await loginSucceeded(db, a)
    for (let k = 0; k < L.perAccountAddress; k++) expect(await claimLogin(db, a)).toBe(0)
  })

  it('spaces an account out over all addresses instead of locking it', async () => {
    const { db, street, user, t0 } = await setup()
    const from = (k: number, s: number) => ({ street, username: user, address: `198.51.100.${k}`, now: at(t0, s) })
    for (let k = 0; k < L.perAccount; k++) expect(await claimLogin(db, from(k, 0))).toBe(0)
    expect(await claimLogin(db, from(50, 1))).toBe(L.accountSpacingSeconds - 1)
    expect(await claimLogin(db, from(51, L.accountSpacingSeconds))).toBe(0)
    expect(await claimLogin(db, from(52, L.accountSpacingSeconds + 1))).toBeGreaterThan(0)
    // A refused account attempt does not use up the address's own allowance.
    const [pair] = await db.query<{ attempts: number }>("SELECT attempts FROM login_attempts WHERE street_id = $1 AND scope = 'pair' AND key = $2", [
      street,
      `198.51.100.52|${user}`,
    ])
    expect(pair.attempts).toBe(0)
  })

  it('deletes keys whose window has passed, so the table stays bounded', async () => {
    const { db, street, user, t0 } = await setup()
    for (let k = 0; k < 20; k++) await claimLogin(db, { street, username: `${user}-${k}`, address: '203.0.113.9', now: t0 })
    const count = () =>
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_attempts WHERE street_id = $1 AND key LIKE $2', [street, `%${user}-%`])
    expect((await count())[0].n).toBe(40)
    await claimLogin(db, { street, username: user, address: '203.0.113.9', now: at(t0, L.windowSeconds + 1) })
    expect((await count())[0].n).toBe(0)
  })
})

describe('InFlight', () => {
  it('bounds slots per key and in total, and forgets keys with none', () => {
    const f = new InFlight(2, 3)
    expect([f.enter('a'), f.enter('a'), f.enter('a')]).toEqual([true, true, false])
    expect([f.enter('b'), f.enter('c')]).toEqual([true, false])
    f.leave('a')
    expect(f.enter('c')).toBe(true)
    for (const k of ['a', 'b', 'c']) f.leave(k)
    expect((f as unknown as { byKey: Map<string, number> }).byKey.size).toBe(0)
  })
})
