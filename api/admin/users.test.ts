/** /admin/users: accounts without hashes, a new grid manager sees only their grid, sessions end, bad input writes nothing. */
import { beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { as, audited, call, dataDigest, type Json } from './test-helpers.ts'

const PASSWORD = 'a-long-password-1'
let admin = ''
let grids: { code: string; community_code: string }[] = []

beforeAll(async () => {
  admin = await as('admin')
  grids = (await call('GET', '/admin/places', undefined, admin)).body.grids
})

const create = (body: Json) => call('POST', '/admin/users', { password: PASSWORD, ...body }, admin)
const me = async (cookie: string) => (await testApp()).request('/api/v1/auth/me', { headers: { cookie } })
const canLogin = (name: string, pw: string) =>
  loginCookie(name, pw).then(
    () => true,
    () => false,
  )

describe('GET /admin/users', () => {
  it('lists every account with role and grids, never a password hash', async () => {
    const res = await call('GET', '/admin/users', undefined, admin)
    expect(res.status).toBe(200)
    const db = await testDb()
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
    expect(res.body.users).toHaveLength(n)
    const grid01 = res.body.users.find((u: Json) => u.username === 'grid01')
    const own = await db.query<{ grid_code: string }>("SELECT grid_code FROM user_grids WHERE username = 'grid01' ORDER BY grid_code")
    expect(grid01.grids).toEqual(own.map((g) => g.grid_code))
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/)
  })
})

describe('POST /admin/users', () => {
  it('creates a grid manager who logs in and sees only the issues of their one grid', async () => {
    const db = await testDb()
    // A grid other than grid01's, with issues in it.
    const [{ grid_code: grid }] = await db.query<{ grid_code: string }>(
      'SELECT grid_code FROM issues WHERE grid_code NOT IN (SELECT grid_code FROM user_grids) GROUP BY grid_code ORDER BY count(*) DESC LIMIT 1',
    )
    const res = await create({ username: 'gm-new', display_name: '新网格员', role: 'grid_manager', grids: [grid] })
    expect(res.status).toBe(201)
    expect(res.body.user).toMatchObject({ username: 'gm-new', role: 'grid_manager', grids: [grid], disabled: false })
    expect((await audited('user_created', 'gm-new'))[0].actor).toBe('admin')

    const cookie = await loginCookie('gm-new', PASSWORD)
    const who = (await (await me(cookie)).json()) as Json
    expect(who.user.grids).toEqual([grid])
    const list = await call('GET', '/issues?limit=5000', undefined, cookie)
    expect(list.status).toBe(200)
    // The grid's issues counted independently: points inside the grid's polygon (lowest code wins on shared edges).
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM issues i JOIN grids g ON g.street_id = i.street_id AND g.code = $1
       WHERE ST_Intersects(g.geom, i.geom)
         AND NOT EXISTS (SELECT 1 FROM grids o WHERE o.street_id = i.street_id AND o.code < g.code AND ST_Intersects(o.geom, i.geom))`,
      [grid],
    )
    expect(n).toBeGreaterThan(0)
    expect(list.body.features).toHaveLength(n)
    expect(new Set(list.body.features.map((f: Json) => f.properties.grid_code))).toEqual(new Set([grid]))
  })

  it('refuses bad and unknown input with a clear 4xx and writes nothing', async () => {
    const before = await dataDigest()
    const cases: [Json, number, string][] = [
      [{ username: 'short-pw', role: 'inspector', password: '123456789' }, 400, 'invalid_parameter'],
      [{ username: 'Bad Name!', role: 'inspector' }, 400, 'invalid_parameter'],
      [{ username: 'x-role', role: 'superuser' }, 400, 'invalid_parameter'],
      [{ username: 'x-extra', role: 'inspector', is_admin: true }, 400, 'invalid_parameter'],
      [{ username: 'x-grid', role: 'grid_manager', grids: ['43011100599999'] }, 422, 'unknown_grid'],
      [{ username: 'x-group', role: 'group_leader', group_code: 'NOPE' }, 422, 'unknown_group'],
      [{ username: 'x-nogrids', role: 'grid_manager', grids: [] }, 422, 'grids_required'],
      [{ username: 'x-grids', role: 'inspector', grids: [grids[0].code] }, 422, 'grids_not_allowed'],
      [{ username: 'x-leader', role: 'group_leader' }, 422, 'group_required'],
      [{ username: 'leader', role: 'leader' }, 409, 'user_exists'],
      [{ username: "x' OR '1'='1", role: 'inspector' }, 400, 'invalid_parameter'],
    ]
    for (const [body, status, code] of cases) {
      const res = await create(body)
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code])
      expect(typeof res.body.error.message).toBe('string')
    }
    const raw = await (
      await testApp()
    ).request('/api/v1/admin/users', { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: '{"username":' })
    expect(raw.status).toBe(400)
    expect(await dataDigest()).toEqual(before)
  })
})

describe('PATCH /admin/users/:username', () => {
  it('moves a grid manager to another grid and records before and after', async () => {
    await create({ username: 'gm-move', role: 'grid_manager', grids: [grids[3].code] })
    const res = await call('PATCH', '/admin/users/gm-move', { grids: [grids[4].code, grids[5].code], display_name: '调整后' }, admin)
    expect(res.status).toBe(200)
    expect(res.body.user.grids).toEqual([grids[4].code, grids[5].code].sort())
    const [entry] = await audited('user_updated', 'gm-move')
    expect(entry.detail.before.grids).toEqual([grids[3].code])
    expect(entry.detail.after.grids).toEqual([grids[4].code, grids[5].code])
    // Leaving the role drops the patch.
    const insp = await call('PATCH', '/admin/users/gm-move', { role: 'inspector' }, admin)
    expect(insp.body.user).toMatchObject({ role: 'inspector', grids: [] })
  })

  it('disabling ends the sessions and blocks login; enabling lets the user back in', async () => {
    await create({ username: 'to-disable', role: 'inspector' })
    const cookie = await loginCookie('to-disable', PASSWORD)
    expect((await me(cookie)).status).toBe(200)
    const res = await call('PATCH', '/admin/users/to-disable', { disabled: true }, admin)
    expect(res.status).toBe(200)
    expect((await me(cookie)).status).toBe(401)
    const db = await testDb()
    expect(await db.query("SELECT 1 FROM sessions WHERE username = 'to-disable'")).toHaveLength(0)
    expect(await canLogin('to-disable', PASSWORD)).toBe(false)
    await call('PATCH', '/admin/users/to-disable', { disabled: false }, admin)
    expect(await canLogin('to-disable', PASSWORD)).toBe(true)
  })

  it('does not let an admin disable or demote themselves', async () => {
    const before = await dataDigest()
    for (const body of [{ disabled: true }, { role: 'leader' }]) {
      const res = await call('PATCH', '/admin/users/admin', body, admin)
      expect([res.status, res.body.error.code]).toEqual([422, 'cannot_change_self'])
    }
    expect(await dataDigest()).toEqual(before)
  })

  it('refuses an unknown user (404), unknown grids and empty changes, writing nothing', async () => {
    const before = await dataDigest()
    expect((await call('PATCH', '/admin/users/nobody-here', { display_name: 'x' }, admin)).status).toBe(404)
    const bad = await call('PATCH', '/admin/users/grid01', { grids: ['43011100599999'] }, admin)
    expect([bad.status, bad.body.error.code]).toEqual([422, 'unknown_grid'])
    expect((await call('PATCH', '/admin/users/grid01', {}, admin)).status).toBe(400)
    expect((await call('PATCH', '/admin/users/grid01', { role: 'group_leader' }, admin)).body.error.code).toBe('group_required')
    expect((await call('PATCH', '/admin/users/grid01', { role: 'inspector', grids: [grids[0].code] }, admin)).body.error.code).toBe(
      'grids_not_allowed',
    )
    expect(await dataDigest()).toEqual(before)
  })
})

describe('POST /admin/users/:username/password', () => {
  it('sets a new password and ends the old sessions', async () => {
    await create({ username: 'to-reset', role: 'leader' })
    const cookie = await loginCookie('to-reset', PASSWORD)
    const res = await call('POST', '/admin/users/to-reset/password', { password: 'another-password-2' }, admin)
    expect(res.status).toBe(200)
    expect((await me(cookie)).status).toBe(401)
    expect(await canLogin('to-reset', PASSWORD)).toBe(false)
    expect(await canLogin('to-reset', 'another-password-2')).toBe(true)
    expect((await audited('password_reset', 'to-reset'))[0].detail).toEqual({ sessions_ended: 1 })
    const db = await testDb()
    const [u] = await db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'to-reset'")
    expect(u.password_hash).not.toContain('another-password-2')
  })

  it('refuses a short password and an unknown user', async () => {
    const before = await dataDigest()
    expect((await call('POST', '/admin/users/to-reset/password', { password: 'short' }, admin)).status).toBe(400)
    expect((await call('POST', '/admin/users/nobody-here/password', { password: 'long-enough-pw' }, admin)).status).toBe(404)
    expect(await dataDigest()).toEqual(before)
  })
})
