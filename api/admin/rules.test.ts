/**
 * The loop's tables as admins edit them, and their effect on the next report: group rules decide the
 * group, category time limits and the holiday calendar decide the deadline. Each test restores what
 * it changed (test files share the worker's database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { as, audited, call, dataDigest, type Json } from './test-helpers.ts'

let admin = ''
let reporter = ''
let point: { lon: number; lat: number; community_code: string } = { lon: 0, lat: 0, community_code: '' }
let clutter: Json = {}

beforeAll(async () => {
  admin = await as('admin')
  reporter = await as('inspector')
  const db = await testDb()
  // A point well inside the lowest-coded grid, and that grid's community.
  ;[point] = await db.query<typeof point>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat, community_code FROM (SELECT ST_PointOnSurface(geom) AS p, community_code FROM grids ORDER BY code LIMIT 1) s',
  )
  clutter = (await call('GET', '/admin/categories', undefined, admin)).body.categories.find((k: Json) => k.code === 'clutter')
})

afterAll(async () => {
  const { code: _c, name: _n, sort: _s, ...limit } = clutter
  await call('PATCH', '/admin/categories/clutter', limit, admin)
})

/** Reports a clutter problem at the test point (as the inspector) and returns its properties. */
async function report(reported_at?: string): Promise<Json> {
  const res = await call(
    'POST',
    '/issues',
    { lon: point.lon, lat: point.lat, category: 'clutter', description: '测试：管理规则生效', reported_at },
    reporter,
  )
  expect(res.status).toBe(201)
  return res.body.properties
}

describe('/admin/groups', () => {
  it('creates a group, renames it and changes its leader; refuses a taken code and an unknown one', async () => {
    const created = await call('POST', '/admin/groups', { code: 'GT1', name: '测试整治组', leader_name: '张三', leader_title: '副主任' }, admin)
    expect(created.status).toBe(201)
    const edited = await call('PATCH', '/admin/groups/GT1', { leader_name: '李四' }, admin)
    expect(edited.body.group).toEqual({ code: 'GT1', name: '测试整治组', leader_name: '李四', leader_title: '副主任' })
    const listed = (await call('GET', '/admin/groups', undefined, admin)).body.groups
    expect(listed.find((g: Json) => g.code === 'GT1')).toEqual(edited.body.group)
    expect((await audited('group_updated', 'GT1'))[0].detail.before.leader_name).toBe('张三')
    const before = await dataDigest()
    expect((await call('POST', '/admin/groups', { code: 'GT1', name: 'x', leader_name: 'y' }, admin)).status).toBe(409)
    expect((await call('PATCH', '/admin/groups/NOPE', { name: 'x' }, admin)).status).toBe(404)
    expect((await call('POST', '/admin/groups', { code: 'a b', name: 'x', leader_name: 'y' }, admin)).status).toBe(400)
    expect((await call('PATCH', '/admin/groups/GT1', { name: '' }, admin)).status).toBe(400)
    expect(await dataDigest()).toEqual(before)
  })
})

describe('/admin/group-rules', () => {
  it('the next report goes to the group the rule names, and back to the default when it is removed', async () => {
    const groups: Json[] = (await call('GET', '/admin/groups', undefined, admin)).body.groups
    const other = groups.find((g) => g.code !== clutter.default_group_code)!.code
    const rules: Json[] = (await call('GET', '/admin/group-rules', undefined, admin)).body.rules
    const existing = rules.find((r) => r.category_code === 'clutter' && r.community_code === point.community_code)
    const set = await call('PUT', '/admin/group-rules', { category_code: 'clutter', community_code: point.community_code, group_code: other }, admin)
    expect(set.status).toBe(200)
    expect((await report()).group_code).toBe(other)
    const [entry] = await audited('rule_changed', `clutter@${point.community_code}`)
    expect(entry.detail).toEqual({ before: existing?.group_code ?? null, after: other })

    expect((await call('DELETE', `/admin/group-rules/clutter/${point.community_code}`, undefined, admin)).status).toBe(200)
    expect((await report()).group_code).toBe(clutter.default_group_code)
    if (existing) await call('PUT', '/admin/group-rules', existing, admin)
  })

  it('refuses unknown categories, communities and groups with 422 and writes nothing', async () => {
    const before = await dataDigest()
    const ok = { category_code: 'clutter', community_code: point.community_code, group_code: clutter.default_group_code }
    const cases: [Json, number, string][] = [
      [{ ...ok, category_code: 'teleport' }, 422, 'unknown_category'],
      [{ ...ok, community_code: '430111005999' }, 422, 'unknown_community'],
      [{ ...ok, group_code: 'NOPE' }, 422, 'unknown_group'],
      [{ ...ok, group_code: "G1' OR '1'='1" }, 400, 'invalid_parameter'],
      [{ ...ok, extra: 1 }, 400, 'invalid_parameter'],
    ]
    for (const [body, status, code] of cases) {
      const res = await call('PUT', '/admin/group-rules', body, admin)
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await call('DELETE', '/admin/group-rules/clutter/430111005999', undefined, admin)).status).toBe(404)
    expect(await dataDigest()).toEqual(before)
  })
})

describe('/admin/categories and /admin/calendar', () => {
  // Thursday 2026-11-19 09:00; office hours 08:30–12:00 and 14:00–17:30, counted by hand below.
  const THURSDAY = '2026-11-19T09:00:00+08:00'

  it('a new time limit applies to the next report', async () => {
    const res = await call('PATCH', '/admin/categories/clutter', { time_limit_value: 2, time_limit_unit: 'work_hours' }, admin)
    expect(res.body.category).toMatchObject({ time_limit_value: 2, time_limit_unit: 'work_hours' })
    expect((await report(THURSDAY)).deadline).toBe('2026-11-19T11:00:00+08:00')
    await call('PATCH', '/admin/categories/clutter', { time_limit_value: 1, time_limit_unit: 'work_days' }, admin)
    expect((await report(THURSDAY)).deadline).toBe('2026-11-20T17:30:00+08:00')
  })

  it('a holiday or 调休 working day added or removed moves the next deadline', async () => {
    await call('PATCH', '/admin/categories/clutter', { time_limit_value: 1, time_limit_unit: 'work_days' }, admin)
    try {
      expect((await call('PUT', '/admin/calendar/2026-11-20', { kind: 'holiday', name: '测试假日' }, admin)).status).toBe(200)
      // Friday off → the next working day is Monday.
      expect((await report(THURSDAY)).deadline).toBe('2026-11-23T17:30:00+08:00')
      await call('PUT', '/admin/calendar/2026-11-21', { kind: 'workday', name: '测试调休' }, admin)
      // The Saturday is now a working day.
      expect((await report(THURSDAY)).deadline).toBe('2026-11-21T17:30:00+08:00')
      const year = (await call('GET', '/admin/calendar?year=2026', undefined, admin)).body
      expect(year.days.filter((d: Json) => d.day.startsWith('2026-11-2'))).toEqual([
        { day: '2026-11-20', kind: 'holiday', name: '测试假日' },
        { day: '2026-11-21', kind: 'workday', name: '测试调休' },
      ])
      expect((await call('DELETE', '/admin/calendar/2026-11-20', undefined, admin)).status).toBe(200)
      expect((await call('DELETE', '/admin/calendar/2026-11-21', undefined, admin)).status).toBe(200)
      expect((await report(THURSDAY)).deadline).toBe('2026-11-20T17:30:00+08:00')
      expect((await audited('calendar_day_deleted', '2026-11-21'))[0].detail.before.kind).toBe('workday')
    } finally {
      // A failure above must not leave the test clock's Friday a holiday for the deadline tests after it.
      await (await testDb()).query("DELETE FROM calendar_days WHERE day IN ('2026-11-20', '2026-11-21') AND name LIKE '测试%'")
    }
  })

  it('lists a year as stored and refuses bad days, kinds, limits and groups without writing', async () => {
    const db = await testDb()
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM calendar_days WHERE day BETWEEN '2026-01-01' AND '2026-12-31'")
    const year = await call('GET', '/admin/calendar?year=2026', undefined, admin)
    expect(year.body.days).toHaveLength(n)
    expect(n).toBeGreaterThan(0)
    const before = await dataDigest()
    const bad: [string, string, unknown, number][] = [
      ['GET', '/admin/calendar?year=1899', undefined, 400],
      ['GET', '/admin/calendar', undefined, 400],
      ['PUT', '/admin/calendar/2026-02-30', { kind: 'holiday' }, 400],
      ['PUT', '/admin/calendar/2026-12-01', { kind: 'festival' }, 400],
      ['DELETE', '/admin/calendar/2026-12-02', undefined, 404],
      ['PATCH', '/admin/categories/clutter', { time_limit_value: 0 }, 400],
      ['PATCH', '/admin/categories/clutter', { time_limit_value: 1.5 }, 400],
      ['PATCH', '/admin/categories/clutter', { time_limit_unit: 'weeks' }, 400],
      ['PATCH', '/admin/categories/clutter', { default_group_code: 'NOPE' }, 422],
      ['PATCH', '/admin/categories/teleport', { time_limit_value: 3 }, 404],
    ]
    for (const [m, p, b, status] of bad) expect((await call(m, p, b, admin)).status, `${m} ${p}`).toBe(status)
    expect(await dataDigest()).toEqual(before)
  })
})

describe('/admin/loop-settings', () => {
  it('reads and writes the duplicate radius, the 督办 delay and the street leader; refuses bad values', async () => {
    const was = (await call('GET', '/admin/loop-settings', undefined, admin)).body
    expect(Object.keys(was).sort()).toEqual(['duplicate_radius_m', 'escalate_after_hours', 'street_leader'])
    const next = { duplicate_radius_m: 80, escalate_after_hours: 12, street_leader: '街道办主任' }
    expect((await call('PUT', '/admin/loop-settings', next, admin)).status).toBe(200)
    expect((await call('GET', '/admin/loop-settings', undefined, admin)).body).toEqual(next)
    const db = await testDb()
    const [row] = await db.query<Json>('SELECT duplicate_radius_m, escalate_after_hours, street_leader FROM loop_settings')
    expect(row).toEqual(next)
    expect((await audited('settings_changed', 'loop_settings'))[0].detail).toEqual({ before: was, after: next })
    const before = await dataDigest()
    for (const bad of [
      { ...next, duplicate_radius_m: -1 },
      { ...next, escalate_after_hours: 'NaN' },
      { ...next, street_leader: '' },
      { duplicate_radius_m: 10 },
      '{"duplicate_radius_m": 1e999}',
    ]) {
      expect((await call('PUT', '/admin/loop-settings', bad, admin)).status, JSON.stringify(bad)).toBe(400)
    }
    expect(await dataDigest()).toEqual(before)
    await call('PUT', '/admin/loop-settings', was, admin)
  })
})
