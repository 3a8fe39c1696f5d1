import { randomUUID } from 'node:crypto'
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, send, step } from '../issues/test-helpers.ts'
import { MAX_PHOTO_BYTES } from './routes.ts'
import { carriesLocation, jpegWithGps, png, PLAIN_JPEG, PLAIN_WEBP, webpWithGps } from './test-images.ts'

// Real 4×4 images (test-images.ts): they must come back byte for byte when they carry no metadata.
const JPEG = new Uint8Array(PLAIN_JPEG)
const PNG = png()
const WEBP = new Uint8Array(PLAIN_WEBP)
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')

async function upload(bytes: Uint8Array, type = 'image/jpeg', who?: string) {
  const app = await testApp()
  const cookie = who ?? (await cookieOf('inspector'))
  const res = await app.request('/api/v1/photos', {
    method: 'POST',
    headers: { 'Content-Type': type, ...(cookie ? { cookie } : {}) },
    body: new Uint8Array(bytes),
  })
  return { status: res.status, body: (await res.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function download(id: string): Promise<Uint8Array> {
  const app = await testApp()
  const got = await app.request(`/api/v1/photos/${id}`, { headers: { cookie: await cookieOf('inspector') } })
  expect(got.status).toBe(200)
  return new Uint8Array(await got.arrayBuffer())
}

describe('photos', () => {
  it('accepts JPEG, PNG and WebP by magic bytes, whatever the declared type, and serves them back', async () => {
    for (const [bytes, mime] of [
      [JPEG, 'image/jpeg'],
      [PNG, 'image/png'],
      [WEBP, 'image/webp'],
    ] as const) {
      const r = await upload(bytes, 'application/octet-stream')
      expect(r.status).toBe(201)
      expect(r.body.mime).toBe(mime)
      const app = await testApp()
      const got = await app.request(`/api/v1/photos/${r.body.id}`, { headers: { cookie: await loginCookie('inspector', DEMO_PASSWORD) } })
      expect(got.headers.get('content-type')).toBe(mime)
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
    }
  })

  it('serves a photo only to staff, and to a grid manager only inside their patch', async () => {
    const app = await testApp()
    const gm = await loginCookie('grid01', DEMO_PASSWORD)
    const me = (await (await app.request('/api/v1/auth/me', { headers: { cookie: gm } })).json()) as { user: { grids: string[] } }
    const grids = (await (await app.request('/api/v1/layers/grids')).json()) as FeatureCollection<Polygon | MultiPolygon, { code: string }>
    const patch = grids.features.find((f) => f.properties.code === me.user.grids[0])!
    const outside = grids.features.find((f) => !me.user.grids.includes(f.properties.code))!
    const photoAt = async (f: Feature<Polygon | MultiPolygon>) => {
      const id = (await upload(JPEG)).body.id
      const [lon, lat] = turf.pointOnFeature(f).geometry.coordinates
      expect((await report({ lon, lat, photos: [id] })).status).toBe(201)
      return id
    }
    const mine = await photoAt(patch)
    const theirs = await photoAt(outside)
    const get = async (id: string, cookie?: string) => (await app.request(`/api/v1/photos/${id}`, { headers: cookie ? { cookie } : {} })).status
    expect(await get(mine)).toBe(401)
    expect(await get(mine, await loginCookie('screen', DEMO_PASSWORD))).toBe(403)
    expect(await get(theirs, await loginCookie('leader', DEMO_PASSWORD))).toBe(200)
    expect(await get(mine, gm)).toBe(200)
    expect(await get(theirs, gm)).toBe(404)
  })

  it('uploads need a signed-in user who may report: 401 anonymous, 403 for the wall display', async () => {
    expect((await upload(JPEG, 'image/jpeg', '')).status).toBe(401)
    expect((await upload(JPEG, 'image/jpeg', await cookieOf('screen'))).status).toBe(403)
    expect((await upload(JPEG, 'image/jpeg', await cookieOf('grid01'))).status).toBe(201)
  })

  it('removes Exif GPS, XMP and text metadata before storing, leaving the image data intact', async () => {
    const cases = [
      [jpegWithGps(), JPEG, 'image/jpeg'],
      [png(true), PNG, 'image/png'],
      [webpWithGps(), WEBP, 'image/webp'],
    ] as const
    for (const [tagged, plain, mime] of cases) {
      expect(carriesLocation(tagged)).toBe(true)
      const r = await upload(tagged, 'application/octet-stream')
      expect(r.status).toBe(201)
      expect(r.body.mime).toBe(mime)
      const served = await download(r.body.id)
      expect(carriesLocation(served)).toBe(false)
      // Exactly the camera-free file: same markers, same ICC profile, same compressed pixels.
      expect(Buffer.from(served).equals(Buffer.from(plain))).toBe(true)
      expect(r.body.bytes).toBe(plain.length)
      const db = await testDb()
      const [row] = await db.query<{ data: Uint8Array }>('SELECT data FROM issue_photos WHERE public_id = $1', [r.body.id])
      expect(carriesLocation(row.data)).toBe(false)
    }
    // the structure of what is kept: JPEG still SOI … EOI, PNG still ends with IEND, WebP's RIFF size matches
    const j = await download((await upload(jpegWithGps())).body.id)
    expect([j[0], j[1], j.at(-2), j.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9])
    const w = await download((await upload(webpWithGps())).body.id)
    expect(Buffer.from(w).readUInt32LE(4)).toBe(w.length - 8)
    expect(w[20] & 0x0c).toBe(0)
  })

  it('refuses a file whose segments do not parse (422 invalid_image) instead of storing its metadata', async () => {
    const truncated = jpegWithGps().subarray(0, 40)
    const r = await upload(truncated)
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('invalid_image')
    expect((await upload(png(true).subarray(0, 60))).body.error.code).toBe('invalid_image')
  })

  it('refuses other types, empty uploads and oversized ones', async () => {
    expect((await upload(GIF, 'image/jpeg')).body.error.code).toBe('unsupported_image')
    expect((await upload(new TextEncoder().encode('<svg/>'), 'image/png')).status).toBe(422)
    expect((await upload(new Uint8Array())).status).toBe(400)
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1)
    big.set(JPEG)
    expect((await upload(big)).status).toBe(413)
  })

  it('takes a multipart upload too', async () => {
    const app = await testApp()
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'after.png')
    const res = await app.request('/api/v1/photos', { method: 'POST', body: form, headers: { cookie: await cookieOf('inspector') } })
    expect(res.status).toBe(201)
  })

  it('attaches photos to the report and to a step; an unknown or reused photo fails the whole write', async () => {
    const p1 = (await upload(JPEG)).body.id
    const p2 = (await upload(PNG, 'image/png', await cookieOf('leader'))).body.id // the leader takes the step
    const created = await report({ photos: [p1] })
    expect(created.status).toBe(201)
    const id = created.body.id
    await step(id, { action: 'assign' })
    const reused = await step(id, { action: 'rectify', photos: [p1] })
    expect(reused.status).toBe(422)
    const bad = await report({ photos: [randomUUID()] })
    expect(bad.status).toBe(422)
    const r = await step(id, { action: 'rectify', photos: [p2] })
    expect(r.status).toBe(200)
    const { body } = await send('GET', `/api/v1/issues/${id}`)
    expect(body.properties.photos).toEqual([p1, p2])
    expect(body.properties.events[0].photos).toEqual([p1])
    expect(body.properties.events.at(-1).photos).toEqual([p2])
    expect(body.properties.events.map((e: { action: string }) => e.action)).toEqual(['report', 'assign', 'rectify'])
  })
})
