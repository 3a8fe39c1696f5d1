/** POST /inspections and GET /inspections: scoring a point, its issues, refusals that write nothing. */
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { scoreOf } from './create.ts'
import { answers, checklistOf, pointOf, uploadPhoto } from './test-helpers.ts'

const POST = (body: unknown, who = 'inspector') => cookieOf(who).then((c) => send('POST', '/api/v1/inspections', body, c))

async function rowsMarked(marker: string) {
  const db = await testDb()
  const [r] = await db.query<{ issues: number; inspections: number }>(
    `SELECT (SELECT count(*)::int FROM issues WHERE description LIKE '%' || $1 || '%') AS issues,
            (SELECT count(*)::int FROM inspection_items WHERE note = $1) AS inspections`,
    [marker],
  )
  return r
}

describe('POST /inspections', () => {
  it('scores 100 − Σ failed points and opens one issue per failed item, with its photo, linked to the inspection', async () => {
    const point = await pointOf('wet_market')
    const list = await checklistOf('wet_market')
    const fail = [list.items[0].code, list.items[2].code]
    const marker = `检查备注-${Date.now()}`
    const items = await answers(list, fail, marker)
    const r = await POST({ point_code: point.code, items })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const deducted = (list.items as Json[]).filter((i) => fail.includes(i.code)).reduce((s, i) => s + i.points, 0)
    expect(r.body.score).toBe(100 - deducted)
    expect(r.body.checklist_version).toBe(list.version)
    expect(r.body.issues).toHaveLength(2)
    const db = await testDb()
    for (const [k, id] of (r.body.issues as number[]).entries()) {
      const item = list.items.find((i: Json) => i.code === fail[k])
      const issue = await send('GET', `/api/v1/issues/${id}`, undefined, await cookieOf('leader'))
      expect(issue.status).toBe(200)
      const p = issue.body.properties
      expect([p.category, p.source, p.status, p.grid_code]).toEqual([item.category, 'inspection', 'reported', point.grid_code])
      expect(p.description).toContain(item.text)
      expect(p.description).toContain(marker)
      expect(p.deadline).toBeTruthy()
      const [link] = await db.query<{ inspection_id: number; item_code: string }>(
        'SELECT inspection_id, item_code FROM inspection_items WHERE issue_id = $1',
        [id],
      )
      expect(link).toEqual({ inspection_id: r.body.id, item_code: item.code })
      const photos = items.find((a) => a.code === item.code)!.photos ?? []
      const attached = await db.query<{ public_id: string }>('SELECT public_id FROM issue_photos WHERE issue_id = $1', [id])
      expect(attached.map((x) => x.public_id)).toEqual(photos)
    }
    const read = await send('GET', `/api/v1/inspections?point=${point.code}&latest=1`, undefined, await cookieOf('leader'))
    expect(read.status).toBe(200)
    const [got] = read.body.inspections
    expect([got.id, got.score, got.failed_items, got.items.length]).toEqual([r.body.id, r.body.score, 2, list.items.length])
    expect(got.items.filter((i: Json) => !i.pass).map((i: Json) => i.issue_id)).toEqual(r.body.issues)
  })

  it('a passing inspection scores 100 and opens no issue', async () => {
    const point = await pointOf('bus_stop')
    const r = await POST({ point_code: point.code, items: await answers(await checklistOf('bus_stop')) }, 'group01')
    expect([r.status, r.body.score, r.body.issues]).toEqual([201, 100, []])
  })

  it('never scores below 0', () => {
    const items = [60, 30, 25].map((points, k) => ({
      code: `c${k}`,
      text: '',
      points,
      category: 'clutter',
      category_name: '',
      photo_required: false,
    }))
    expect(scoreOf(items, new Set(['c0', 'c1', 'c2']))).toBe(0)
    expect(scoreOf(items, new Set(['c1']))).toBe(70)
  })

  it('refuses an unanswered, unknown or repeated item, an unknown point and a missing required photo, writing nothing', async () => {
    const point = await pointOf('residential')
    const list = await checklistOf('residential')
    const marker = `拒绝-${Date.now()}`
    const all = list.items.map((i: Json) => ({ code: i.code, pass: true, note: marker }))
    const cases: [unknown, number, string][] = [
      [{ point_code: point.code, items: all.slice(1) }, 422, 'incomplete_inspection'],
      [{ point_code: point.code, items: [...all, { code: 'zz99', pass: true }] }, 422, 'unknown_item'],
      [{ point_code: point.code, items: [...all, all[0]] }, 422, 'duplicate_item'],
      [{ point_code: 'NO-SUCH-POINT', items: all }, 422, 'unknown_point'],
      [{ point_code: point.code, items: all.map((a: Json, k: number) => (k === 1 ? { ...a, pass: false } : a)) }, 422, 'photo_required'],
      [{ point_code: point.code, items: all, at: '2099-01-01T00:00:00+08:00' }, 422, 'date_out_of_range'],
      [{ point_code: point.code, items: 'all' }, 400, 'invalid_parameter'],
    ]
    expect(list.items[1].photo_required).toBe(true)
    for (const [body, status, code] of cases) {
      const r = await POST(body)
      expect([r.status, r.body.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code])
    }
    expect(await rowsMarked(marker)).toEqual({ issues: 0, inspections: 0 })
  })

  it('a failure in the middle (another user’s photo on the second failed item) leaves neither the inspection nor the first issue', async () => {
    const point = await pointOf('arterial_road')
    const list = await checklistOf('arterial_road')
    const fail = [list.items[0].code, list.items[1].code]
    const marker = `中途失败-${Date.now()}`
    const items = await answers(list, fail, marker)
    const mine = items[0].photos![0]
    items[1].photos = [await uploadPhoto('leader')]
    const r = await POST({ point_code: point.code, items })
    expect([r.status, r.body.error.code]).toEqual([422, 'unknown_photo'])
    expect(await rowsMarked(marker)).toEqual({ issues: 0, inspections: 0 })
    const db = await testDb()
    const [photo] = await db.query<{ issue_id: number | null }>('SELECT issue_id FROM issue_photos WHERE public_id = $1', [mine])
    expect(photo.issue_id).toBeNull()
    // the same inspection with the inspector's own photo goes through
    items[1].photos = [await uploadPhoto()]
    expect((await POST({ point_code: point.code, items })).status).toBe(201)
  })

  it('keeps the checklist version it was scored with after an admin edits the checklist', async () => {
    const point = await pointOf('school')
    const before = await checklistOf('school')
    const r = await POST({ point_code: point.code, items: await answers(before) })
    expect(r.status).toBe(201)
    const edited = before.items.map((i: Json) => ({
      code: i.code,
      text: `${i.text}（修订）`,
      points: i.points,
      category: i.category,
      photo_required: i.photo_required,
    }))
    const e = await send('PUT', '/api/v1/admin/checklists/school', { items: edited }, await cookieOf('admin'))
    expect(e.status).toBe(200)
    const read = await send('GET', `/api/v1/inspections?point=${point.code}&limit=50`, undefined, await cookieOf('leader'))
    const old = read.body.inspections.find((i: Json) => i.id === r.body.id)
    expect(old.checklist_version).toBe(before.version)
    expect(old.items.map((i: Json) => i.text)).toEqual(before.items.map((i: Json) => i.text))
    // answering the old version's items is still complete (same codes); the new inspection takes the new version
    const again = await POST({ point_code: point.code, items: await answers(before) })
    expect(again.body.checklist_version).toBe(e.body.version)
  })

  it('is for inspectors, group leaders, leaders and admins; grid managers read only their grids', async () => {
    const point = await pointOf('public_toilet')
    const items = await answers(await checklistOf('public_toilet'))
    expect((await POST({ point_code: point.code, items }, 'grid01')).status).toBe(403)
    expect((await POST({ point_code: point.code, items }, 'screen')).status).toBe(403)
    expect((await send('POST', '/api/v1/inspections', { point_code: point.code, items }, '')).status).toBe(401)
    for (const who of ['inspector', 'group01', 'leader', 'admin']) expect((await POST({ point_code: point.code, items }, who)).status, who).toBe(201)
    const me = await send('GET', '/api/v1/auth/me', undefined, await cookieOf('grid01'))
    const mine = await send('GET', '/api/v1/inspections?limit=1000', undefined, await cookieOf('grid01'))
    expect(mine.status).toBe(200)
    for (const i of mine.body.inspections) expect(me.body.user.grids).toContain(i.grid_code)
    const all = await send('GET', '/api/v1/inspections?limit=1000', undefined, await cookieOf('leader'))
    expect(all.body.inspections.length).toBeGreaterThan(mine.body.inspections.length)
    expect((await send('GET', '/api/v1/inspections?week=2026-W54', undefined, await cookieOf('leader'))).status).toBe(400)
  })
})
