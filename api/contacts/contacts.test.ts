/** GET /contacts: the enabled grid managers of a grid and leaders of a group with their phones, for staff only. */
import { beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { as, call, type Json } from '../admin/test-helpers.ts'
import type { Role } from '../auth/user.ts'

const PASSWORD = 'a-long-password-1'
let admin = ''
let grid = ''
let other = ''

beforeAll(async () => {
  admin = await as('admin')
  const grids = (await call('GET', '/admin/places', undefined, admin)).body.grids as Json[]
  ;[grid, other] = [grids[10].code, grids[11].code]
  const made = (body: Json) =>
    call('POST', '/admin/users', { password: PASSWORD, ...body }, admin).then((r) => expect(r.status, body.username).toBe(201))
  await made({ username: 'ct-gm', role: 'grid_manager', grids: [grid, other], phone: '0731-80001001', display_name: '联系网格员' })
  await made({ username: 'ct-gm-off', role: 'grid_manager', grids: [grid], phone: '0731-80001002' })
  await call('PATCH', '/admin/users/ct-gm-off', { disabled: true }, admin)
  await made({ username: 'ct-gm-other', role: 'grid_manager', grids: [other], phone: '0731-80001003' })
  await made({ username: 'ct-gl', role: 'group_leader', group_code: 'G03', phone: '0731-80001004' })
  await made({ username: 'ct-gl-off', role: 'group_leader', group_code: 'G03', phone: '0731-80001005' })
  await call('PATCH', '/admin/users/ct-gl-off', { disabled: true }, admin)
  await made({ username: 'ct-insp', role: 'inspector', phone: '0731-80001006' })
})

/** The expected contacts, read from the tables another way: every enabled account, then filtered here. */
async function expected(g: string | null, group: string | null) {
  const db = await testDb()
  const users = await db.query<{ username: string; role: Role; phone: string; group_code: string | null; disabled: boolean }>(
    'SELECT username, role, phone, group_code, disabled FROM users',
  )
  const patch = await db.query<{ username: string; grid_code: string }>('SELECT username, grid_code FROM user_grids')
  const gridsOf = (u: string) => patch.filter((p) => p.username === u).map((p) => p.grid_code)
  return users
    .filter((u) => !u.disabled)
    .filter(
      (u) => (u.role === 'grid_manager' && g && gridsOf(u.username).includes(g)) || (u.role === 'group_leader' && group && u.group_code === group),
    )
    .map((u) => ({ username: u.username, phone: u.phone }))
    .sort((a, b) => a.username.localeCompare(b.username))
}

const names = (body: Json) =>
  (body.contacts as Json[]).map((c) => ({ username: c.username, phone: c.phone })).sort((a, b) => a.username.localeCompare(b.username))

describe('GET /contacts', () => {
  it('lists the enabled grid managers of the grid and leaders of the group, with phones', async () => {
    const res = await call('GET', `/contacts?grid=${grid}&group=G03`, undefined, await as('inspector'))
    expect(res.status).toBe(200)
    expect(names(res.body)).toEqual(await expected(grid, 'G03'))
    const got = new Map((res.body.contacts as Json[]).map((c) => [c.username, c]))
    expect(got.get('ct-gm')).toMatchObject({ role: 'grid_manager', phone: '0731-80001001', display_name: '联系网格员', grids: [grid, other].sort() })
    expect(got.get('ct-gl')).toMatchObject({ role: 'group_leader', phone: '0731-80001004', group_code: 'G03' })
    for (const gone of ['ct-gm-off', 'ct-gl-off', 'ct-gm-other', 'ct-insp']) expect(got.has(gone), gone).toBe(false)
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/)
  })

  it('answers for a grid alone and a group alone', async () => {
    const staff = await as('grid_manager')
    const byGrid = await call('GET', `/contacts?grid=${other}`, undefined, staff)
    expect(byGrid.status).toBe(200)
    expect(names(byGrid.body)).toEqual(await expected(other, null))
    expect(names(byGrid.body).map((c) => c.username)).toEqual(expect.arrayContaining(['ct-gm', 'ct-gm-other']))
    const byGroup = await call('GET', '/contacts?group=G03', undefined, await as('group_leader'))
    expect(byGroup.status).toBe(200)
    expect(names(byGroup.body)).toEqual(await expected(null, 'G03'))
    expect((byGroup.body.contacts as Json[]).every((c) => c.role === 'group_leader')).toBe(true)
  })

  it('is refused to the wall display (403) and to anonymous callers (401)', async () => {
    const kiosk = await call('GET', `/contacts?grid=${grid}`, undefined, await as('kiosk'))
    expect(kiosk.status).toBe(403)
    expect(JSON.stringify(kiosk.body)).not.toContain('0731-80001001')
    const anonymous = await call('GET', `/contacts?grid=${grid}`)
    expect(anonymous.status).toBe(401)
    expect(JSON.stringify(anonymous.body)).not.toContain('0731-80001001')
  })

  it('answers 400 to bad or missing parameters and 404 to an unknown grid or group', async () => {
    const leader = await as('leader')
    for (const q of ['', '?grid=123', '?grid=4301110059999x', '?group=G%2701', '?grid=' + grid + '&phone=1', `?grid=${grid}&grid=${other}`]) {
      const res = await call('GET', `/contacts${q}`, undefined, leader)
      expect([res.status, res.body.error?.code], q).toEqual([400, 'invalid_parameter'])
    }
    expect((await call('GET', '/contacts?grid=43011100599999', undefined, leader)).status).toBe(404)
    expect((await call('GET', '/contacts?group=NOPE', undefined, leader)).status).toBe(404)
  })
})
