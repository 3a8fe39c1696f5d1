/** Checklists per point class: the seeded 东塘 set, and an admin's edit making a new version. */
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { checklistsFor } from '../../fixtures/dongtang/checklists.ts'
import { pointClasses } from '../../fixtures/dongtang/point-classes.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'

describe('GET /checklists', () => {
  it('has a checklist for each of the 16 classes, as the seed wrote it, for any signed-in role', async () => {
    const r = await send('GET', '/api/v1/checklists', undefined, await cookieOf('screen'))
    expect(r.status).toBe(200)
    const lists = r.body as unknown as Json[]
    const seed = checklistsFor(pointClasses())
    expect(lists.map((l) => l.class_code).sort()).toEqual(seed.map((s) => s.class_code).sort())
    const db = await testDb()
    const categories = new Set((await db.query<{ code: string }>('SELECT code FROM categories')).map((k) => k.code))
    for (const l of lists) {
      expect(l.items.length, l.class_code).toBeGreaterThanOrEqual(4)
      for (const i of l.items) {
        expect(categories.has(i.category), `${l.class_code}.${i.code}`).toBe(true)
        expect(i.points).toBeGreaterThan(0)
        expect(i.text).toMatch(/[\u4e00-\u9fff]/)
      }
      // version 1 is the seed's, item for item
      const v1 = await send('GET', `/api/v1/checklists?class=${l.class_code}&version=1`)
      const want = seed.find((s) => s.class_code === l.class_code)!.items
      expect(v1.body[0].items.map((i: Json) => [i.code, i.text, i.points, i.category, i.photo_required])).toEqual(
        want.map((i) => [i.code, i.text, i.points, i.category, i.photo_required]),
      )
    }
  })

  it('refuses anonymous callers and answers 404 for an unknown class, 400 for a malformed one', async () => {
    expect((await send('GET', '/api/v1/checklists', undefined, '')).status).toBe(401)
    expect((await send('GET', '/api/v1/checklists?class=no_such_class')).status).toBe(404)
    expect((await send('GET', '/api/v1/checklists?class=bad%20code')).status).toBe(400)
  })
})

describe('PUT /admin/checklists/{class}', () => {
  it('writes a new version and leaves the old one as it was', async () => {
    const admin = await cookieOf('admin')
    const before = (await send('GET', '/api/v1/checklists?class=hotel')).body[0]
    const items = [
      ...before.items.map((i: Json) => ({ code: i.code, text: i.text, points: i.points, category: i.category, photo_required: i.photo_required })),
      { text: '消防通道畅通、无堆物', points: 7, category: 'clutter', photo_required: true },
    ]
    const r = await send('PUT', '/api/v1/admin/checklists/hotel', { items }, admin)
    expect(r.status).toBe(200)
    expect(r.body.version).toBeGreaterThan(before.version)
    expect(r.body.items).toHaveLength(before.items.length + 1)
    const added = r.body.items.at(-1)
    expect(added.code).toMatch(/^i\d\d$/)
    expect(before.items.map((i: Json) => i.code)).not.toContain(added.code)
    const old = (await send('GET', `/api/v1/checklists?class=hotel&version=${before.version}`)).body[0]
    expect(old.items).toEqual(before.items)
    expect((await send('GET', '/api/v1/checklists?class=hotel')).body[0].version).toBe(r.body.version)
  })

  it('never gives a new item the code of a check an earlier version removed', async () => {
    const admin = await cookieOf('admin')
    const before = (await send('GET', '/api/v1/checklists?class=school')).body[0]
    const keep = (i: Json) => ({ code: i.code, text: i.text, points: i.points, category: i.category, photo_required: i.photo_required })
    // Version A adds an item; version B removes it and adds another; the two must not share a code.
    const a = await send(
      'PUT',
      '/api/v1/admin/checklists/school',
      { items: [...before.items.map(keep), { text: '校门口无摊贩', points: 5, category: 'clutter' }] },
      admin,
    )
    expect(a.status).toBe(200)
    const removed = a.body.items.at(-1).code
    const b = await send(
      'PUT',
      '/api/v1/admin/checklists/school',
      { items: [...before.items.map(keep), { text: '护学岗有人值守', points: 5, category: 'clutter' }] },
      admin,
    )
    expect(b.status).toBe(200)
    const added = b.body.items.at(-1).code
    // Every code any version of the class ever used, read straight from the table.
    const db = await testDb()
    const history = await db.query<{ code: string; text: string }>(
      "SELECT code, text FROM checklist_items WHERE class_code = 'school' AND version < $1",
      [b.body.version],
    )
    expect(history.map((h) => h.code)).toContain(removed)
    expect(history.filter((h) => h.code === added)).toEqual([])
  })

  it('refuses an unknown category or class, duplicate codes and non-admins, writing nothing', async () => {
    const admin = await cookieOf('admin')
    const db = await testDb()
    const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM checklists WHERE class_code = 'mall'"))[0].n
    const n0 = await count()
    const item = { text: '测试项', points: 5, category: 'clutter' }
    const bad = await send('PUT', '/api/v1/admin/checklists/mall', { items: [item, { ...item, category: 'nope' }] }, admin)
    expect([bad.status, bad.body.error.code]).toEqual([422, 'unknown_category'])
    const dup = await send(
      'PUT',
      '/api/v1/admin/checklists/mall',
      {
        items: [
          { ...item, code: 'x' },
          { ...item, code: 'x' },
        ],
      },
      admin,
    )
    expect([dup.status, dup.body.error.code]).toEqual([422, 'duplicate_item'])
    expect((await send('PUT', '/api/v1/admin/checklists/no_class', { items: [item] }, admin)).status).toBe(404)
    expect((await send('PUT', '/api/v1/admin/checklists/mall', { items: [] }, admin)).status).toBe(400)
    expect((await send('PUT', '/api/v1/admin/checklists/mall', { items: [item] }, await cookieOf('leader'))).status).toBe(403)
    expect(await count()).toBe(n0)
  })
})
