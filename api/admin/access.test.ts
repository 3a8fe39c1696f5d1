/**
 * Every admin endpoint: 401 without a login, 403 for every role but admin (nothing changed), and
 * allowed for an admin.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../auth/user.ts'
import { as, call, dataDigest } from './test-helpers.ts'

type Probe = [method: string, path: string, body?: unknown]

/** One request per endpoint; the writes are harmless (a 2099 day, a probe account, values as they are). */
const PROBES: Probe[] = [
  ['GET', '/admin/users'],
  ['POST', '/admin/users', { username: 'access-probe', role: 'inspector', password: 'probe-password-1' }],
  ['PATCH', '/admin/users/access-probe', { display_name: '探针' }],
  ['POST', '/admin/users/access-probe/password', { password: 'probe-password-2' }],
  ['GET', '/admin/groups'],
  ['POST', '/admin/groups', { code: 'GPROBE', name: '探针组', leader_name: '某某' }],
  ['PATCH', '/admin/groups/GPROBE', { leader_title: '组长' }],
  ['GET', '/admin/categories'],
  ['PATCH', '/admin/categories/clutter', { default_group_code: 'CURRENT' }],
  ['GET', '/admin/calendar?year=2026'],
  ['PUT', '/admin/calendar/2099-03-02', { kind: 'holiday', name: '测试' }],
  ['DELETE', '/admin/calendar/2099-03-02'],
  ['GET', '/admin/group-rules'],
  ['PUT', '/admin/group-rules', { category_code: 'clutter', community_code: 'COMMUNITY', group_code: 'GPROBE' }],
  ['DELETE', '/admin/group-rules/clutter/COMMUNITY'],
  ['GET', '/admin/loop-settings'],
  ['PUT', '/admin/loop-settings', 'CURRENT'],
  ['GET', '/admin/places'],
]

describe('who may call /admin', () => {
  let probes: Probe[] = []

  beforeAll(async () => {
    const admin = await as('admin')
    const { body: cats } = await call('GET', '/admin/categories', undefined, admin)
    const clutter = cats.categories.find((k: { code: string }) => k.code === 'clutter')
    const { body: places } = await call('GET', '/admin/places', undefined, admin)
    const { body: settings } = await call('GET', '/admin/loop-settings', undefined, admin)
    const community = places.communities[0].code
    const fill = (v: unknown): unknown =>
      v === 'CURRENT'
        ? settings
        : JSON.parse(JSON.stringify(v).replace('"CURRENT"', JSON.stringify(clutter.default_group_code)).replace('COMMUNITY', community))
    probes = PROBES.map(([m, p, b]) => [m, p.replace('COMMUNITY', community), b === undefined ? undefined : fill(b)])
  })

  it('answers 401 to anonymous requests', async () => {
    const before = await dataDigest()
    for (const [m, p, b] of probes) {
      const res = await call(m, p, b)
      expect(res.status, `${m} ${p}`).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
    }
    expect(await dataDigest()).toEqual(before)
  })

  it('answers 403 to every role but admin and changes nothing', async () => {
    const before = await dataDigest()
    for (const role of ROLES.filter((r): r is Exclude<(typeof ROLES)[number], 'admin'> => r !== 'admin')) {
      const cookie = await as(role)
      for (const [m, p, b] of probes) {
        const res = await call(m, p, b, cookie)
        expect(res.status, `${role} ${m} ${p}`).toBe(403)
        expect(res.body.error.code).toBe('forbidden')
      }
    }
    expect(await dataDigest()).toEqual(before)
  })

  it('lets an admin call each endpoint', async () => {
    const admin = await as('admin')
    for (const [m, p, b] of probes) {
      const res = await call(m, p, b, admin)
      expect([200, 201], `${m} ${p}: ${JSON.stringify(res.body)}`).toContain(res.status)
    }
  })
})
