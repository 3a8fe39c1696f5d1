/** Idempotency-Key on the four retried writes: a repeat returns the first answer and writes nothing. */
import { execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { checklistOf, pointOf, uploadPhoto } from '../inspections/test-helpers.ts'
import { cookieOf, pointInside, report, step, type Json } from '../issues/test-helpers.ts'

/** Sends a request with an Idempotency-Key; returns status, parsed body and whether it was a replay. */
async function keyed(path: string, body: unknown, key: string, who = 'inspector') {
  const app = await testApp()
  const raw = body instanceof Uint8Array
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': raw ? 'image/jpeg' : 'application/json', cookie: await cookieOf(who), 'Idempotency-Key': key },
    body: raw ? new Uint8Array(body) : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Json, replayed: res.headers.get('Idempotent-Replayed') === 'true' }
}

async function count(text: string, params: unknown[]): Promise<number> {
  const [{ n }] = await (await testDb()).query<{ n: number }>(text, params)
  return n
}
const issuesMarked = (marker: string) => count('SELECT count(*)::int AS n FROM issues WHERE description = $1', [marker])
const keyRows = (key: string) => count('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])
const events = (id: number, action: string) => count('SELECT count(*)::int AS n FROM issue_events WHERE issue_id = $1 AND action = $2', [id, action])

async function reportBody(marker: string, k = 0): Promise<Json> {
  const [lon, lat] = await pointInside(k)
  return { lon, lat, category: 'clutter', description: marker }
}

/** A JPEG no other test uploads: random pixels encoded by cjpeg. */
function uniqueJpeg(): Uint8Array {
  const ppm = Buffer.concat([Buffer.from('P6 16 16 255\n'), randomBytes(16 * 16 * 3)])
  return new Uint8Array(execFileSync('cjpeg', [], { input: ppm }))
}

describe('Idempotency-Key', () => {
  it('a repeated report returns the first answer, marked as a replay, and writes one issue', async () => {
    const marker = `幂等上报-${randomUUID()}`
    const key = randomUUID()
    const first = await keyed('/api/v1/issues', await reportBody(marker), key)
    const again = await keyed('/api/v1/issues', await reportBody(marker), key)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect([first.replayed, again.status, again.replayed]).toEqual([false, 201, true])
    expect(again.body).toEqual(first.body)
    expect(await issuesMarked(marker)).toBe(1)
    expect(await events(first.body.id, 'report')).toBe(1)
  })

  it('eight simultaneous copies of one report write one issue and all get its answer', async () => {
    const marker = `幂等并发-${randomUUID()}`
    const key = randomUUID()
    const body = await reportBody(marker, 1)
    const all = await Promise.all(Array.from({ length: 8 }, () => keyed('/api/v1/issues', body, key)))
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1)
    expect(all.filter((r) => !r.replayed)).toHaveLength(1)
    expect(await issuesMarked(marker)).toBe(1)
    expect(await keyRows(key)).toBe(1)
  })

  it('the same key with another body, on another route or from another user is 422 and writes nothing', async () => {
    const marker = `幂等原文-${randomUUID()}`
    const key = randomUUID()
    const first = await keyed('/api/v1/issues', await reportBody(marker), key)
    expect(first.status).toBe(201)
    const other = `幂等改文-${randomUUID()}`
    const changed = await keyed('/api/v1/issues', await reportBody(other), key)
    expect([changed.status, changed.body.error?.code]).toEqual([422, 'idempotency_key_reused'])
    const stranger = await keyed('/api/v1/issues', await reportBody(marker), key, 'leader')
    expect([stranger.status, stranger.body.error?.code]).toEqual([422, 'idempotency_key_reused'])
    expect(stranger.body.id).toBeUndefined()
    const elsewhere = await keyed(`/api/v1/issues/${first.body.id}/transitions`, { action: 'assign' }, key, 'inspector')
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([422, 'idempotency_key_reused'])
    expect(await issuesMarked(other)).toBe(0)
    expect(await issuesMarked(marker)).toBe(1)
    expect(await events(first.body.id, 'assign')).toBe(0)
  })

  it('a refused write keeps neither its rows nor its key, so the key can be used again', async () => {
    const marker = `幂等失败-${randomUUID()}`
    const key = randomUUID()
    // insertIssue writes the issue, then refuses the unknown photo: the whole transaction goes
    const bad = await keyed('/api/v1/issues', { ...(await reportBody(marker)), photos: [randomUUID()] }, key)
    expect([bad.status, bad.body.error?.code]).toEqual([422, 'unknown_photo'])
    expect(await issuesMarked(marker)).toBe(0)
    expect(await keyRows(key)).toBe(0)
    const good = await keyed('/api/v1/issues', await reportBody(marker), key)
    expect([good.status, good.replayed]).toEqual([201, false])
    expect(await issuesMarked(marker)).toBe(1)
  })

  it('a header that is not a UUID is 400', async () => {
    const marker = `幂等坏键-${randomUUID()}`
    const r = await keyed('/api/v1/issues', await reportBody(marker), 'not-a-uuid')
    expect([r.status, r.body.error?.code]).toEqual([400, 'invalid_idempotency_key'])
    expect(await issuesMarked(marker)).toBe(0)
  })

  it('a step retried after the issue moved on gets its first answer, not a 409; simultaneous copies write one event', async () => {
    const id = (await report()).body.id as number
    expect((await step(id, { action: 'assign' })).status).toBe(200)
    const key = randomUUID()
    const body = { action: 'rectify', note: '已清理', version: 2 }
    const all = await Promise.all(Array.from({ length: 6 }, () => keyed(`/api/v1/issues/${id}/transitions`, body, key, 'leader')))
    expect(all.map((r) => r.status)).toEqual(Array(6).fill(200))
    expect(all.every((r) => JSON.stringify(r.body) === JSON.stringify(all[0].body))).toBe(true)
    expect(await events(id, 'rectify')).toBe(1)
    expect((await step(id, { action: 'approve' })).status).toBe(200)
    const late = await keyed(`/api/v1/issues/${id}/transitions`, body, key, 'leader')
    expect([late.status, late.replayed, late.body.properties.status]).toEqual([200, true, 'rectified'])
    expect(await events(id, 'rectify')).toBe(1)
    // without a key the same step is judged again, against the issue as it is now
    const unkeyed = await step(id, body)
    expect([unkeyed.status, unkeyed.body.error?.code]).toEqual([409, 'illegal_transition'])
  })

  it('a repeated photo upload stores one photo and returns its id again', async () => {
    const jpeg = uniqueJpeg()
    const key = randomUUID()
    const [a, b] = await Promise.all([keyed('/api/v1/photos', jpeg, key), keyed('/api/v1/photos', jpeg, key)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.body).toEqual(a.body)
    expect(await count('SELECT count(*)::int AS n FROM issue_photos WHERE sha256 = $1', [a.body.sha256])).toBe(1)
    const otherPhoto = await keyed('/api/v1/photos', uniqueJpeg(), key)
    expect([otherPhoto.status, otherPhoto.body.error?.code]).toEqual([422, 'idempotency_key_reused'])
  })

  it('a repeated inspection writes one inspection and its issues once', async () => {
    const point = await pointOf('wet_market', 1)
    const list = await checklistOf('wet_market')
    const marker = `幂等督查-${randomUUID()}`
    const items = []
    for (const [k, i] of (list.items as Json[]).entries())
      items.push(
        k === 0
          ? { code: i.code, pass: false, note: marker, ...(i.photo_required ? { photos: [await uploadPhoto()] } : {}) }
          : { code: i.code, pass: true },
      )
    const key = randomUUID()
    const body = { point_code: point.code, items, at: '2026-11-20T09:00:00+08:00' }
    const [a, b] = await Promise.all([keyed('/api/v1/inspections', body, key), keyed('/api/v1/inspections', body, key)])
    expect([a.status, b.status], JSON.stringify(a.body)).toEqual([201, 201])
    expect(b.body).toEqual(a.body)
    expect(await count('SELECT count(*)::int AS n FROM inspection_items WHERE note = $1', [marker])).toBe(1)
    expect(await count("SELECT count(*)::int AS n FROM issues WHERE description LIKE '%' || $1", [marker])).toBe(1)
  })
})
