import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { report, send, step } from '../issues/test-helpers.ts'
import { MAX_PHOTO_BYTES } from './routes.ts'

// The smallest valid files' headers; the rest of the bytes does not matter to the check.
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 2, 3])
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
const WEBP = new TextEncoder().encode('RIFF\x1a\x00\x00\x00WEBPVP8 ')
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')

async function upload(bytes: Uint8Array, type = 'image/jpeg') {
  const app = await testApp()
  const res = await app.request('/api/v1/photos', { method: 'POST', headers: { 'Content-Type': type }, body: new Uint8Array(bytes) })
  return { status: res.status, body: (await res.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('photos', () => {
  it('accepts JPEG, PNG and WebP by magic bytes, whatever the declared type, and serves them back', async () => {
    for (const [bytes, mime] of [[JPEG, 'image/jpeg'], [PNG, 'image/png'], [WEBP, 'image/webp']] as const) {
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
    const get = async (id: number, cookie?: string) => (await app.request(`/api/v1/photos/${id}`, { headers: cookie ? { cookie } : {} })).status
    expect(await get(mine)).toBe(401)
    expect(await get(mine, await loginCookie('screen', DEMO_PASSWORD))).toBe(403)
    expect(await get(theirs, await loginCookie('leader', DEMO_PASSWORD))).toBe(200)
    expect(await get(mine, gm)).toBe(200)
    expect(await get(theirs, gm)).toBe(404)
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
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'after.png')
    const res = await app.request('/api/v1/photos', { method: 'POST', body: form })
    expect(res.status).toBe(201)
  })

  it('attaches photos to the report and to a step; an unknown or reused photo fails the whole write', async () => {
    const p1 = (await upload(JPEG)).body.id
    const p2 = (await upload(PNG)).body.id
    const created = await report({ photos: [p1] })
    expect(created.status).toBe(201)
    const id = created.body.id
    await step(id, { action: 'assign' })
    const reused = await step(id, { action: 'rectify', photos: [p1] })
    expect(reused.status).toBe(422)
    const bad = await report({ photos: [987654321] })
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
