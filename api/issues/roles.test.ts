import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, send, step } from './test-helpers.ts'

// pointInside(0) and (1) lie in the demo grid manager grid01's two grids, (2) outside them.
// street_vending is handled by 整治组 G01 (group01's), clutter by G05.
const IN = 0
const OUT = 2

async function counts() {
  const db = await testDb()
  const [r] = await db.query<{ issues: number; events: number; denials: number }>(
    `SELECT (SELECT count(*)::int FROM issues) AS issues, (SELECT count(*)::int FROM issue_events) AS events,
            (SELECT count(*)::int FROM audit_log WHERE action = 'permission_denied') AS denials`,
  )
  return r
}

/** An issue brought to `status` by the default accounts, reported at grid k with the category given. */
async function issueAt(k: number, category: string, path: string[] = []) {
  const r = await report({ category }, k)
  expect(r.status).toBe(201)
  const id = r.body.id as number
  for (const action of path) expect((await step(id, { action, note: `${action} 说明` })).status).toBe(200)
  return id
}

describe('writes need a signed-in user with the right role', () => {
  it('anonymous writes get 401 and the wall display 403, and nothing is written', async () => {
    const id = await issueAt(IN, 'clutter')
    const before = await counts()
    const [lon, lat] = [112.99, 28.17]
    const kiosk = await cookieOf('screen')
    for (const who of ['', kiosk]) {
      const want = who ? 403 : 401
      expect((await send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: 'x' }, who)).status).toBe(want)
      expect((await send('POST', `/api/v1/issues/${id}/transitions`, { action: 'assign' }, who)).status).toBe(want)
    }
    const after = await counts()
    expect([after.issues, after.events]).toEqual([before.issues, before.events])
  })

  it('the actor comes from the login: a body field `actor` is refused (400), not recorded', async () => {
    const r = await report({ actor: '冒名' })
    expect(r.status).toBe(400)
    expect(r.body.error.message).toContain('actor')
    const id = await issueAt(IN, 'clutter')
    expect((await step(id, { action: 'assign', actor: '冒名' })).status).toBe(400)
    const ok = await step(id, { action: 'assign' }, 'admin')
    expect(ok.body.properties.events.map((e: { actor: string }) => e.actor)).toEqual(['inspector', 'admin'])
  })
})

describe('who may move what (mayPerform)', () => {
  it('a grid manager reports only inside their own grids (403 outside_patch naming it), nothing written', async () => {
    const before = await counts()
    const out = await report({}, OUT, 'grid01')
    expect(out.status).toBe(403)
    expect(out.body.error.code).toBe('outside_patch')
    expect(out.body.error.message).toContain('不在您负责的网格内')
    const after = await counts()
    expect([after.issues, after.events, after.denials]).toEqual([before.issues, before.events, before.denials + 1])
    expect((await report({}, IN, 'grid01')).status).toBe(201)
  })

  it('交办 is for leaders, admins and the leader of the issue’s own group', async () => {
    const mine = await issueAt(IN, 'street_vending')
    const theirs = await issueAt(IN, 'clutter')
    for (const who of ['inspector', 'grid01']) expect((await step(theirs, { action: 'assign' }, who)).status).toBe(403)
    const other = await step(theirs, { action: 'assign' }, 'group01')
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('outside_group')
    expect((await step(mine, { action: 'assign' }, 'group01')).status).toBe(200)
    expect((await step(theirs, { action: 'assign' }, 'leader')).status).toBe(200)
  })

  it('整改 by the group leader of the issue or the grid manager of its grid; outside the patch is 404', async () => {
    const inPatch = await issueAt(IN, 'clutter', ['assign'])
    const outPatch = await issueAt(OUT, 'clutter', ['assign'])
    expect((await step(inPatch, { action: 'start' }, 'inspector')).status).toBe(403)
    expect((await step(inPatch, { action: 'start' }, 'group01')).body.error.code).toBe('outside_group')
    expect((await step(inPatch, { action: 'start' }, 'grid01')).status).toBe(200)
    expect((await step(inPatch, { action: 'rectify', note: '已清理' }, 'grid01')).status).toBe(200)
    const hidden = await step(outPatch, { action: 'start' }, 'grid01')
    expect(hidden.status).toBe(404)
    expect(hidden.body.error.code).toBe('not_found')
    const g01 = await issueAt(OUT, 'street_vending', ['assign'])
    expect((await step(g01, { action: 'rectify', note: '已清理' }, 'group01')).status).toBe(200)
  })

  it('回头看 by leaders, admins and inspectors, never by whoever rectified it', async () => {
    const id = await issueAt(IN, 'clutter', ['assign'])
    expect((await step(id, { action: 'rectify', note: '已清理' }, 'leader')).status).toBe(200)
    for (const who of ['grid01', 'group01']) expect((await step(id, { action: 'approve' }, who)).status).toBe(403)
    const own = await step(id, { action: 'approve' }, 'leader')
    expect(own.status).toBe(403)
    expect(own.body.error.code).toBe('own_rectification')
    expect((await step(id, { action: 'reject', note: '仍有杂物' }, 'leader')).body.error.code).toBe('own_rectification')
    expect((await step(id, { action: 'reject', note: '仍有杂物' }, 'admin')).status).toBe(200)
    expect((await step(id, { action: 'rectify', note: '再次清理' }, 'grid01')).status).toBe(200)
    expect((await step(id, { action: 'approve' }, 'leader')).status).toBe(200)
  })

  it('答复 only by leaders and admins; reopen by leaders, admins and inspectors', async () => {
    const id = await issueAt(IN, 'street_vending', ['assign'])
    for (const who of ['inspector', 'group01', 'grid01']) expect((await step(id, { action: 'answer', note: '无法整改' }, who)).status).toBe(403)
    expect((await step(id, { action: 'answer', note: '产权争议，无法整改' }, 'leader')).status).toBe(200)
    for (const who of ['group01', 'grid01']) expect((await step(id, { action: 'reopen' }, who)).status).toBe(403)
    expect((await step(id, { action: 'reopen' }, 'inspector')).status).toBe(200)
  })

  it('a grid manager merges only when both issues lie in their grids; a target outside looks absent', async () => {
    const target = await issueAt(IN, 'clutter')
    const dup = await issueAt(1, 'clutter')
    const far = await issueAt(OUT, 'clutter')
    const outside = await step(dup, { action: 'merge', target_id: far }, 'grid01')
    expect(outside.status).toBe(422)
    expect(outside.body.error.code).toBe('invalid_merge_target')
    const absent = await step(dup, { action: 'merge', target_id: 999999999 }, 'grid01')
    expect(absent.body.error).toEqual({ ...outside.body.error, message: outside.body.error.message.replace(String(far), '999999999') })
    expect((await step(far, { action: 'merge', target_id: target }, 'grid01')).status).toBe(404)
    const ok = await step(dup, { action: 'merge', target_id: target }, 'grid01')
    expect(ok.status).toBe(200)
    expect(ok.body.properties.merged_into).toBe(target)
  })

  it('every denial is written to the audit log with the role and the reason', async () => {
    const id = await issueAt(OUT, 'clutter', ['assign'])
    const before = (await counts()).denials
    await step(id, { action: 'start' }, 'grid01')
    await step(id, { action: 'answer', note: 'x' }, 'inspector')
    const db = await testDb()
    const rows = await db.query<{ actor: string; target: string; detail: { role: string; code: string } }>(
      "SELECT actor, target, detail FROM audit_log WHERE action = 'permission_denied' ORDER BY id DESC LIMIT 2",
    )
    expect((await counts()).denials).toBe(before + 2)
    expect(rows.map((r) => [r.actor, r.target, r.detail.role, r.detail.code])).toEqual([
      ['inspector', `POST /api/v1/issues/${id}/transitions`, 'inspector', 'forbidden'],
      ['grid01', `POST /api/v1/issues/${id}/transitions`, 'grid_manager', 'not_found'],
    ])
  })
})
