/**
 * Photo evidence: place and time read from EXIF that exiftool wrote, kept as fields only; the 回头看
 * warnings on "after" photos: 50 m from the issue (49 m passes, 51 m not, by Turf's geodesy), taken
 * before the report, the "before" photo again (also re-compressed by libjpeg), no place or time.
 */
import { execFileSync } from 'node:child_process'
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, step, type Json } from '../issues/test-helpers.ts'
import { hammingBits, jpegHash, SAME_PICTURE_MAX_BITS } from './phash.ts'
import { djpeg, exifWrite } from './test-tools.ts'

/** A 320×240 picture: scene 'a' is a bright disc on a left-to-right ramp, 'b' diagonal bands. */
function scene(kind: 'a' | 'b', quality = 90): Uint8Array {
  const [w, h] = [320, 240]
  const px = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v =
        kind === 'a' ? ((x - 200) ** 2 + (y - 90) ** 2 < 60 ** 2 ? 240 : Math.round((x / w) * 140)) : Math.floor((x + 2 * y) / 60) % 2 ? 220 : 40
      px.fill(v, (y * w + x) * 3, (y * w + x) * 3 + 3)
      px[(y * w + x) * 3] = Math.min(255, v + (kind === 'a' ? 10 : 0))
    }
  return new Uint8Array(execFileSync('cjpeg', ['-quality', String(quality)], { input: Buffer.concat([Buffer.from(`P6 ${w} ${h} 255\n`), px]) }))
}

/** The picture decoded by djpeg and encoded again by cjpeg at a lower quality. */
const recompressed = (jpeg: Uint8Array) => new Uint8Array(execFileSync('cjpeg', ['-quality', '60'], { input: djpeg(jpeg) }))

/** The JPEG with capture time and GPS written by exiftool. */
function withExif(jpeg: Uint8Array, at?: string, [lon, lat]: number[] = []): Uint8Array {
  const args = at ? [`-DateTimeOriginal=${at}`] : []
  if (lon !== undefined)
    args.push(
      `-GPSLongitude=${Math.abs(lon)}`,
      `-GPSLongitudeRef=${lon < 0 ? 'W' : 'E'}`,
      `-GPSLatitude=${Math.abs(lat)}`,
      `-GPSLatitudeRef=${lat < 0 ? 'S' : 'N'}`,
    )
  return args.length ? exifWrite(jpeg, args) : jpeg
}

async function upload(bytes: Uint8Array, who: string, query = '') {
  const app = await testApp()
  const res = await app.request(`/api/v1/photos${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'image/jpeg', cookie: await cookieOf(who) },
    body: new Uint8Array(bytes),
  })
  const body = (await res.json()) as Json
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`)
  return body
}

/** A point `m` metres due east of `p`, by Turf (independent of PostGIS). */
const east = (p: number[], m: number) => turf.destination(p, m / 1000, 90, { units: 'kilometers' }).geometry.coordinates

const BEFORE_AT = '2026:11:20 07:50:00'
const AFTER_AT = '2026:11:20 09:30:00'

/** Reports an issue at grid k's inside point with a "before" photo, rectifies it with `after`; returns the after photo's evidence. */
async function rectifiedWith(after: (at: number[]) => Uint8Array, k: number, before = scene('a')) {
  const at = await pointInside(k)
  const b = await upload(withExif(before, BEFORE_AT, at), 'inspector')
  const r = await send('POST', '/api/v1/issues', {
    lon: at[0],
    lat: at[1],
    category: 'clutter',
    description: '证据测试',
    reported_at: '2026-11-20T08:00:00+08:00',
    photos: [b.id],
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  expect((await step(r.body.id, { action: 'assign' })).status).toBe(200)
  const a = await upload(after(at), 'leader')
  const done = await step(r.body.id, { action: 'rectify', photos: [a.id] })
  expect(done.status, JSON.stringify(done.body)).toBe(200)
  const ev = done.body.properties.evidence as Json[]
  expect(ev.map((e) => e.role)).toEqual(['before', 'after'])
  return { ...ev[1], issue: r.body.id as number } as Json
}

describe('photo evidence', () => {
  it('reads capture time and position back exactly and keeps only the fields', async () => {
    const [lon, lat] = [113.001234, 28.175678]
    const jpeg = withExif(scene('a'), '2026:11:19 16:05:07', [lon, lat])
    const told = JSON.parse(execFileSync('exiftool', ['-j', '-n', '-GPSLatitude', '-GPSLongitude', '-'], { input: jpeg }).toString())[0]
    const r = await upload(jpeg, 'inspector')
    expect(r.evidence.taken_at).toBe('2026-11-19T16:05:07+08:00')
    expect(r.evidence.lon).toBeCloseTo(told.GPSLongitude, 9)
    expect(r.evidence.lat).toBeCloseTo(told.GPSLatitude, 9)
    expect(Math.abs(r.evidence.lon - lon) + Math.abs(r.evidence.lat - lat)).toBeLessThan(1e-6)
    expect(r.evidence.source).toBe('exif')
    const [row] = await (
      await testDb()
    ).query<{ data: Uint8Array; taken_at: Date }>('SELECT data, taken_at FROM issue_photos WHERE public_id = $1', [r.id])
    expect(row.taken_at.toISOString()).toBe('2026-11-19T08:05:07.000Z')
    const left = JSON.parse(execFileSync('exiftool', ['-j', '-GPS:all', '-DateTimeOriginal', '-'], { input: Buffer.from(row.data) }).toString())[0]
    expect(Object.keys(left).filter((k) => k !== 'SourceFile')).toEqual([])
  })

  it('refuses absurd EXIF as evidence and says so; takes the app’s place and time for a photo without EXIF', async () => {
    const r = await upload(withExif(scene('b'), '1970:01:01 08:00:00', [150, 20]), 'inspector')
    expect(r.evidence).toEqual({ taken_at: null, lon: null, lat: null, source: null, flags: ['time_implausible', 'place_implausible'] })
    const app = await upload(scene('b'), 'inspector', '?taken_at=2026-11-20T09:00:00%2B08:00&taken_lon=113.0&taken_lat=28.17')
    expect(app.evidence).toEqual({ taken_at: '2026-11-20T09:00:00+08:00', lon: 113, lat: 28.17, source: 'app', flags: [] })
    // the phone's absurd clock and a 0°, 0° fix: the photo is still taken, the claim is not evidence
    const odd = await upload(scene('b'), 'inspector', '?taken_at=1970-01-01T08:00:00%2B08:00&taken_lon=0&taken_lat=0')
    expect(odd.evidence).toEqual({ taken_at: null, lon: null, lat: null, source: null, flags: ['time_implausible', 'place_implausible'] })
  })

  it('an after photo 49 m from the issue passes, one 51 m away is flagged far_from_issue', async () => {
    const near = await rectifiedWith((p) => withExif(scene('b'), AFTER_AT, east(p, 49)), 0)
    expect(near.distance_m).toBeGreaterThan(48.5)
    expect(near.distance_m).toBeLessThan(49.5)
    expect(near.warnings).toEqual([])
    const far = await rectifiedWith((p) => withExif(scene('b'), AFTER_AT, east(p, 51)), 1)
    expect(far.distance_m).toBeGreaterThan(50.5)
    expect(far.warnings).toEqual(['far_from_issue'])
    // closed (销号) anyway: the leader's list names the far one with its warning, not the near one
    for (const id of [near.issue, far.issue]) expect((await step(id, { action: 'approve' })).status).toBe(200)
    const list = await send('GET', '/api/v1/evidence/doubtful?from=2026-11-20T00:00:00%2B08:00', undefined, await cookieOf('leader'))
    expect(list.status).toBe(200)
    const ids = (list.body.issues as Json[]).map((i) => i.id)
    expect(ids).not.toContain(near.issue)
    expect((list.body.issues as Json[]).find((i) => i.id === far.issue)?.photos).toEqual([{ photo: far.photo, warnings: ['far_from_issue'] }])
  })

  it('tells those who check the work of a doubtful after photo, not the grid manager whose work it is', async () => {
    const far = await rectifiedWith((p) => withExif(scene('b'), AFTER_AT, east(p, 80)), 0)
    expect(far.warnings).toEqual(['far_from_issue'])
    const db = await testDb()
    // the grid manager of the issue's grid (the first grid by code, where rectifiedWith put it)
    const [gm] = await db.query<{ username: string }>(
      `SELECT u.username FROM users u JOIN user_grids g ON g.street_id = u.street_id AND g.username = u.username
        WHERE u.role = 'grid_manager' AND NOT u.disabled AND g.grid_code = (SELECT code FROM grids ORDER BY code LIMIT 1)
        ORDER BY u.username LIMIT 1`,
    )
    const read = async (who: string) => {
      const r = await send('GET', `/api/v1/issues/${far.issue}`, undefined, await cookieOf(who))
      expect(r.status, who).toBe(200)
      return (r.body.properties.evidence as Json[]).find((e) => e.photo === far.photo)!
    }
    expect((await read('inspector')).warnings).toEqual(['far_from_issue'])
    expect((await read('leader')).warnings).toEqual(['far_from_issue'])
    const own = await read(gm.username)
    // the place, time and distance stay; the verdict is not told
    expect(own.distance_m).toBe(far.distance_m)
    expect(own).not.toHaveProperty('warnings')
  })

  it('flags an after photo taken before the report, and one with no place or time', async () => {
    const early = await rectifiedWith((p) => withExif(scene('b'), '2026:11:20 07:59:00', p), 2)
    expect(early.warnings).toEqual(['taken_before_report'])
    const bare = await rectifiedWith(() => scene('b'), 3)
    expect(bare.warnings).toEqual(['no_place', 'no_time'])
  })

  it('an after photo with absurd EXIF (1970, in the ocean) counts as one without place or time, and says why', async () => {
    const absurd = await rectifiedWith(() => withExif(scene('b'), '1970:01:01 08:00:00', [150, 20]), 7)
    expect(absurd.warnings).toEqual(['no_place', 'no_time'])
    expect(absurd.flags).toEqual(['time_implausible', 'place_implausible'])
    expect([absurd.taken_at, absurd.lon, absurd.lat, absurd.distance_m]).toEqual([null, null, null, null])
  })

  it('flags the before photo uploaded again and a re-compressed copy of it, not a different scene', async () => {
    const before = scene('a')
    expect(hammingBits(jpegHash(before)!, jpegHash(recompressed(before))!)).toBeLessThanOrEqual(SAME_PICTURE_MAX_BITS)
    expect(hammingBits(jpegHash(before)!, jpegHash(scene('b'))!)).toBeGreaterThan(SAME_PICTURE_MAX_BITS)
    const again = await rectifiedWith((p) => withExif(before, AFTER_AT, p), 4, before)
    expect(again.warnings).toEqual(['same_as_before'])
    const copy = await rectifiedWith((p) => withExif(recompressed(before), AFTER_AT, p), 5, before)
    expect(copy.warnings).toEqual(['same_as_before'])
    const other = await rectifiedWith((p) => withExif(scene('b'), AFTER_AT, p), 6, before)
    expect(other.warnings).toEqual([])
  })
})
