/**
 * Photo evidence in the browser, against the API: a report made on the phone with a JPEG whose EXIF
 * exiftool wrote reaches the server with that place and time (the app reads them before re-encoding);
 * the 回头看 sheet shows before and after side by side with the warnings the API computes (an "after"
 * photo that is the "before" one again, 80 m away, taken before the report); and /plan lists for the
 * leader the issues closed on doubtful evidence — the doubtful one, not a clean one.
 */
import { execFileSync } from 'node:child_process'
import * as turf from '@turf/turf'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { exifWrite } from '../api/photos/test-tools.ts'
import { INSPECTOR, LEADER } from './harness/accounts.ts'
import { loginCookie, useSession, waitForMap, type Account } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
const GRID_MANAGER: Account = ['grid01', DEMO_PASSWORD]
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

/** A 640×480 JPEG (cjpeg): scene 'a' a bright disc on a ramp, 'b' diagonal bands. */
function scene(kind: 'a' | 'b'): Buffer {
  const [w, h] = [640, 480]
  const px = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v =
        kind === 'a' ? ((x - 400) ** 2 + (y - 180) ** 2 < 120 ** 2 ? 240 : Math.round((x / w) * 140)) : Math.floor((x + 2 * y) / 120) % 2 ? 220 : 40
      px.fill(v, (y * w + x) * 3, (y * w + x) * 3 + 3)
      px[(y * w + x) * 3 + 2] = kind === 'a' ? 90 : v
    }
  return execFileSync('cjpeg', ['-quality', '90'], { input: Buffer.concat([Buffer.from(`P6 ${w} ${h} 255\n`), px]) })
}

/** EXIF 'YYYY:MM:DD HH:MM:SS' of an instant in Beijing time, and the API's ISO form of it. */
const exifAt = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':')
const isoAt = (t: Date) => `${new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`

/** The JPEG with capture time and GPS (east, north) written by exiftool. */
const withExif = (jpeg: Buffer, at: Date, [lon, lat]: number[]) =>
  Buffer.from(
    exifWrite(jpeg, [`-DateTimeOriginal=${exifAt(at)}`, `-GPSLongitude=${lon}`, '-GPSLongitudeRef=E', `-GPSLatitude=${lat}`, '-GPSLatitudeRef=N']),
  )

describe('photo evidence in the browser', () => {
  const s = useSession()
  const cookies: Record<string, string> = {}
  let grid = ''
  let inside: [number, number] = [0, 0]

  async function call(method: string, path: string, who: Account, body?: unknown, type = 'application/json') {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie: cookies[who[0]], ...(body ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const upload = async (jpeg: Buffer, who: Account) => {
    const r = await call('POST', '/photos', who, jpeg, 'image/jpeg')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.id as string
  }
  const step = async (id: number, action: string, who: Account, extra: Json = {}) => {
    const r = await call('POST', `/issues/${id}/transitions`, who, { action, ...extra })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  /** An issue reported 3 h ago with a "before" photo, rectified with `after`, closed by the inspector. */
  async function closedWith(before: Buffer, after: Buffer): Promise<number> {
    const r = await call('POST', '/issues', INSPECTOR, {
      lon: inside[0],
      lat: inside[1],
      category: 'clutter',
      description: '证据浏览器测试',
      reported_at: isoAt(new Date(Date.now() - 3 * 3600_000)),
      photos: [await upload(before, INSPECTOR)],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.id as number
    await step(id, 'assign', LEADER)
    await step(id, 'start', LEADER)
    await step(id, 'rectify', LEADER, { photos: [await upload(after, LEADER)] })
    await step(id, 'approve', INSPECTOR)
    return id
  }

  beforeAll(async () => {
    for (const [u, pw] of [GRID_MANAGER, INSPECTOR, LEADER]) {
      cookies[u] = await loginCookie(s.url(), [u, pw])
    }
    grid = (await call('GET', '/auth/me', GRID_MANAGER)).body.user.grids[0]
    const grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as Json
    inside = turf.pointOnFeature(grids.features.find((f: Json) => f.properties.code === grid)).geometry.coordinates as [number, number]
  })

  it('the phone reads a photo’s EXIF before re-encoding it and sends the place and time along', async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, GRID_MANAGER)
    await g.context.grantPermissions(['geolocation'])
    await g.context.setGeolocation({ longitude: inside[0], latitude: inside[1] })
    await waitForMap(g)
    const at = new Date(Date.now() - 20 * 60_000)
    const spot = turf.destination(inside, 0.03, 45, { units: 'kilometers' }).geometry.coordinates
    await g.page.click('[data-testid="report-open"]')
    await g.page.setInputFiles('[data-testid="report-photo"]', [{ name: 'cam.jpg', mimeType: 'image/jpeg', buffer: withExif(scene('a'), at, spot) }])
    await g.page.waitForFunction(() => document.querySelectorAll('[data-testid="report-photos"] img').length === 1)
    await g.page.click('text=使用当前位置')
    await g.page.waitForSelector('[data-testid="report-grid"]')
    await g.page.selectOption('select[name="category"]', 'clutter')
    await g.page.fill('textarea[name="description"]', '证据：手机读取照片信息')
    const photo = g.page.waitForResponse((r) => r.url().includes('/api/v1/photos') && r.request().method() === 'POST')
    const posted = g.page.waitForResponse((r) => r.url().endsWith('/api/v1/issues') && r.request().method() === 'POST')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const ev = ((await (await photo).json()) as Json).evidence
    expect((await posted).status()).toBe(201)
    // the upload itself was re-encoded (no EXIF left): the place and time came from the app, exactly
    expect(ev.source).toBe('app')
    expect(ev.taken_at).toBe(isoAt(at))
    expect(Math.abs(ev.lon - spot[0]) + Math.abs(ev.lat - spot[1])).toBeLessThan(1e-6)
    const id = ((await (await posted).json()) as Json).id as number
    const detail = (await call('GET', `/issues/${id}`, LEADER)).body
    expect(detail.properties.evidence).toEqual([expect.objectContaining({ role: 'before', source: 'app', taken_at: isoAt(at), warnings: [] })])
  })

  it('shows before and after with their warnings on the 回头看 sheet (not to the grid manager), and the leader’s doubtful list on /plan', async () => {
    const before = withExif(scene('a'), new Date(Date.now() - 3.2 * 3600_000), inside)
    const far = turf.destination(inside, 0.08, 90, { units: 'kilometers' }).geometry.coordinates
    // the "before" photo again, 80 m away, dated before the report
    const doubtful = await closedWith(before, withExif(scene('a'), new Date(Date.now() - 4 * 3600_000), far))
    const clean = await closedWith(before, withExif(scene('b'), new Date(Date.now() - 3600_000), inside))
    const api = (await call('GET', `/issues/${doubtful}`, INSPECTOR)).body.properties.evidence as Json[]
    const warned = api.find((e) => e.role === 'after')!.warnings as string[]
    expect([...warned].sort()).toEqual(['far_from_issue', 'same_as_before', 'taken_before_report'])

    const g = await s.open(`/patch?grid=${grid}&issue=${doubtful}`, PHONE, 2, INSPECTOR)
    await g.page.waitForSelector('[data-testid="evidence-panel"]')
    await g.page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="evidence-photo"] img')].every((e) => e.complete && e.naturalWidth > 0),
    )
    const shown = await g.page.$$eval('[data-testid="evidence-after"] [data-testid="evidence-warning"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.warning),
    )
    expect(shown).toEqual(warned)
    expect(await g.page.textContent('[data-testid="evidence-after"]')).toContain('拍摄地点距问题点超过 50 米')
    expect(await g.page.$$('[data-testid="evidence-before"] [data-testid="evidence-photo"]')).toHaveLength(1)
    const dist = await g.page.textContent('[data-testid="evidence-after"] [data-testid="evidence-distance"]')
    expect(dist).toContain(`距问题点 ${Math.round(api.find((e) => e.role === 'after')!.distance_m)} 米`)
    await g.page.locator('[data-testid="evidence-panel"]').scrollIntoViewIfNeeded()
    await g.page.screenshot({ path: 'docs/screenshots/evidence-sheet.png' })

    // the grid manager whose grid it is sees the photos' place, time and distance on the same sheet,
    // but neither the warnings nor a "no doubt" tick: only those who check the work are told (issue 16)
    const own = await s.open(`/patch?grid=${grid}&issue=${doubtful}`, PHONE, 2, GRID_MANAGER)
    await own.page.waitForSelector('[data-testid="evidence-after"] [data-testid="evidence-distance"]')
    expect(await own.page.$$('[data-testid="evidence-warning"]')).toHaveLength(0)
    expect(await own.page.$$('[data-testid="evidence-ok"]')).toHaveLength(0)
    expect(await own.page.textContent('[data-testid="evidence-after"] [data-testid="evidence-distance"]')).toBe(dist)

    const list = (await call('GET', '/evidence/doubtful', LEADER)).body.issues as Json[]
    expect(list.map((i) => i.id)).toContain(doubtful)
    expect(list.map((i) => i.id)).not.toContain(clean)
    const p = await s.open('/plan', { width: 1440, height: 900 }, 1, LEADER)
    await p.page.waitForSelector(`[data-testid="doubtful-issue"][data-issue="${doubtful}"]`)
    const rows = await p.page.$$eval('[data-testid="doubtful-issue"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.issue)))
    expect(rows).toEqual(list.map((i) => i.id))
    await p.page.locator('[data-testid="doubtful-list"]').scrollIntoViewIfNeeded()
    await p.page.screenshot({ path: 'docs/screenshots/evidence-doubtful.png' })
    // a row opens the issue's card, with the same comparison and warnings
    await p.page.click(`[data-testid="doubtful-issue"][data-issue="${doubtful}"] button`)
    await p.page.waitForSelector('[data-testid="doubtful-list"] [data-testid="evidence-panel"] [data-testid="evidence-warning"]')
    const onPlan = await p.page.$$eval('[data-testid="doubtful-list"] [data-testid="evidence-after"] [data-testid="evidence-warning"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.warning),
    )
    expect(onPlan).toEqual(warned)
    await p.page.screenshot({ path: 'docs/screenshots/evidence-plan-card.png' })
  })
})
