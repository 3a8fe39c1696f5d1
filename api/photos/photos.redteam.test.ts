/**
 * Red team, photo takeover (issue 24, item 7): photo ids were a serial and attaching did not check
 * who uploaded the photo, so a grid manager could attach the leader's fresh photo to their own report
 * (and then read it), and the leader's report failed. Only the uploader or an admin may attach.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, step } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from './test-images.ts'

async function upload(as: string): Promise<string> {
  const app = await testApp()
  const res = await app.request('/api/v1/photos', { method: 'POST', headers: { cookie: await cookieOf(as) }, body: new Uint8Array(PLAIN_JPEG) })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function fetchPhoto(id: string, as: string): Promise<number> {
  const app = await testApp()
  return (await app.request(`/api/v1/photos/${id}`, { headers: { cookie: await cookieOf(as) } })).status
}

/** A point inside the first grid of grid01's patch, where grid01 may report. */
async function inPatch(): Promise<{ lon: number; lat: number }> {
  const db = await testDb()
  const [p] = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
       SELECT ST_PointOnSurface(g.geom) AS p FROM grids g
       JOIN user_grids u ON u.grid_code = g.code AND u.username = 'grid01' ORDER BY g.code LIMIT 1) s`,
  )
  return p
}

const reportAs = async (as: string, photos: string[]) =>
  send('POST', '/api/v1/issues', { ...(await inPatch()), category: 'clutter', description: '红队：照片冒用', photos }, await cookieOf(as))

describe('photo takeover (red team)', () => {
  it('a grid manager can neither read, report with nor rectify with the photo the leader uploaded', async () => {
    const photo = await upload('leader')
    expect(await fetchPhoto(photo, 'grid01')).toBe(404)

    const report = await reportAs('grid01', [photo])
    expect(report.status).toBe(422)
    expect(report.body.error.code).toBe('unknown_photo')

    const target = await reportAs('leader', [])
    expect(target.status).toBe(201)
    expect((await step(target.body.id, { action: 'assign' })).status).toBe(200)
    const rectify = await step(target.body.id, { action: 'rectify', photos: [photo] }, 'grid01')
    expect(rectify.status).toBe(422)
    expect(rectify.body.error.code).toBe('unknown_photo')
    const after = await send('GET', `/api/v1/issues/${target.body.id}`, undefined, await cookieOf('leader'))
    expect(after.body.properties.status).toBe('assigned') // the failed step wrote nothing
    expect(after.body.properties.photos).toEqual([])

    expect(await fetchPhoto(photo, 'grid01')).toBe(404)
    const own = await reportAs('leader', [photo])
    expect(own.status).toBe(201)
    expect(own.body.properties.photos).toEqual([photo])
    expect(await fetchPhoto(photo, 'grid01')).toBe(200) // now a photo of an issue in grid01's patch
  })

  it('an unattached photo is seen only by its uploader and an admin, and an admin may attach it', async () => {
    const photo = await upload('grid01')
    expect(await fetchPhoto(photo, 'grid01')).toBe(200)
    expect(await fetchPhoto(photo, 'leader')).toBe(404)
    expect(await fetchPhoto(photo, 'admin')).toBe(200)
    const byAdmin = await reportAs('admin', [photo])
    expect(byAdmin.status).toBe(201)
    expect(byAdmin.body.properties.photos).toEqual([photo])
  })

  it('photo ids are random UUIDs, not the serial: a serial id is refused and a guessed UUID is unknown', async () => {
    const [a, b] = [await upload('inspector'), await upload('inspector')]
    for (const id of [a, b]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(b)
    const db = await testDb()
    const [row] = await db.query<{ id: number | string }>('SELECT id FROM issue_photos WHERE public_id = $1', [a])
    expect(await fetchPhoto(String(row.id), 'admin')).toBe(400)
    expect((await reportAs('admin', [String(row.id)])).status).toBe(400)
    const guessed = await reportAs('admin', [randomUUID()])
    expect(guessed.status).toBe(422)
    expect(guessed.body.error.code).toBe('unknown_photo')
  })
})
