/** Users' phone numbers: set on create and edit, read back, refused with a Chinese 422 when implausible, held by the database too. */
import { beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { isPlausiblePhone } from './phone.ts'
import { as, audited, call, dataDigest, type Json } from './test-helpers.ts'

const PASSWORD = 'a-long-password-1'
let admin = ''

beforeAll(async () => {
  admin = await as('admin')
})

const stored = async (name: string) => {
  const [row] = await (await testDb()).query<{ phone: string }>('SELECT phone FROM users WHERE username = $1', [name])
  return row?.phone
}

describe('phone of an account', () => {
  it('is stored on create, changed and cleared by an edit, listed, and audited', async () => {
    const made = await call('POST', '/admin/users', { username: 'ph-one', role: 'inspector', password: PASSWORD, phone: ' 0731-84123456 ' }, admin)
    expect(made.status).toBe(201)
    expect(made.body.user.phone).toBe('0731-84123456')
    expect(await stored('ph-one')).toBe('0731-84123456')

    const edited = await call('PATCH', '/admin/users/ph-one', { phone: '+86 138 0000 0000' }, admin)
    expect(edited.status).toBe(200)
    expect(await stored('ph-one')).toBe('+86 138 0000 0000')
    const [entry] = await audited('user_updated', 'ph-one')
    expect([entry.detail.before.phone, entry.detail.after.phone]).toEqual(['0731-84123456', '+86 138 0000 0000'])
    const list = await call('GET', '/admin/users', undefined, admin)
    expect(list.body.users.find((u: Json) => u.username === 'ph-one').phone).toBe('+86 138 0000 0000')

    // An edit that does not name the phone keeps it; an empty phone clears it.
    await call('PATCH', '/admin/users/ph-one', { display_name: '改名' }, admin)
    expect(await stored('ph-one')).toBe('+86 138 0000 0000')
    await call('PATCH', '/admin/users/ph-one', { phone: '' }, admin)
    expect(await stored('ph-one')).toBe('')
  })

  it('refuses an implausible number with a Chinese 422 and writes nothing', async () => {
    await call('POST', '/admin/users', { username: 'ph-two', role: 'leader', password: PASSWORD, phone: '13800000000' }, admin)
    const before = await dataDigest()
    const bad = ['abc1234567', '12345', '0731_84123456', '1-2-3-4-5-6', '0731-8412345678901234', '电话13800000000']
    for (const phone of bad) {
      const create = await call('POST', '/admin/users', { username: 'ph-bad', role: 'inspector', password: PASSWORD, phone }, admin)
      const edit = await call('PATCH', '/admin/users/ph-two', { phone }, admin)
      for (const res of [create, edit]) {
        expect([res.status, res.body.error.code], phone).toEqual([422, 'invalid_phone'])
        expect(res.body.error.message).toMatch(/电话号码格式不正确/)
      }
    }
    // Longer than any number: refused at the edge.
    expect((await call('PATCH', '/admin/users/ph-two', { phone: '1'.repeat(41) }, admin)).status).toBe(400)
    expect(await dataDigest()).toEqual(before)
    expect(await stored('ph-two')).toBe('13800000000')
  })

  it('is held by the database as well (migration 0040)', async () => {
    const db = await testDb()
    await expect(db.query("UPDATE users SET phone = 'not a phone' WHERE username = 'ph-two'")).rejects.toThrow(/users_phone_plausible/)
    await expect(db.query("UPDATE users SET phone = '0731-84123456' WHERE username = 'ph-two'")).resolves.toBeDefined()
  })

  it('the demo accounts have plausible synthetic phones; the wall display has none', async () => {
    const rows = await (
      await testDb()
    ).query<{ username: string; phone: string }>(
      "SELECT username, phone FROM users WHERE username IN ('leader', 'group01', 'inspector', 'grid01', 'screen') ORDER BY username",
    )
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      expect(isPlausiblePhone(r.phone), r.username).toBe(true)
      expect(r.phone === '', r.username).toBe(r.username === 'screen')
    }
  })
})
