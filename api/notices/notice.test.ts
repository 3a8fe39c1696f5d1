import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, step } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from '../photos/test-images.ts'

const JPEG = new Uint8Array(PLAIN_JPEG)

async function notice(id: number, user = 'inspector') {
  const app = await testApp()
  const res = await app.request(`/api/v1/issues/${id}/notice`, { headers: { cookie: await loginCookie(user, DEMO_PASSWORD) } })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

describe('GET /api/v1/issues/:id/notice', () => {
  it('prints both parts with number, deadline, an inline map and the photo, and loads nothing external', async () => {
    const app = await testApp()
    const up = await app.request('/api/v1/photos', { method: 'POST', body: new Uint8Array(JPEG), headers: { cookie: await cookieOf('inspector') } })
    const photo = ((await up.json()) as { id: string }).id
    const id = (await report({ description: '楼道口堆放<废旧>家具', photos: [photo] })).body.id
    expect((await notice(id)).status).toBe(409)
    const a = await step(id, { action: 'assign' })
    const n = await notice(id)
    expect(n.status).toBe(200)
    expect(n.type).toContain('text/html')
    expect(n.text).toContain(a.body.properties.notice_no)
    expect(n.text).toContain('责任主体联')
    expect(n.text).toContain('回头看销号联')
    expect(n.text).toContain('@page { size: A4')
    expect(n.text).toContain('楼道口堆放&lt;废旧&gt;家具')
    expect(n.text).toContain('data:image/jpeg;base64,')
    expect(n.text).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(n.text).not.toContain('<link')
    const d = a.body.properties.deadline as string
    expect(n.text).toContain(`${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日 ${d.slice(11, 16)}`)
  })

  it('draws the point inside its grid on the map (checked against Turf in the same projection)', async () => {
    const id = (await report()).body.id
    await step(id, { action: 'assign' })
    const { text } = await notice(id)
    const [vx, vy, vw, vh] = text
      .match(/viewBox="([^"]+)"/)![1]
      .split(' ')
      .map(Number)
    const [, cx, cy] = text.match(/<circle cx="([-\d.e]+)" cy="([-\d.e]+)"/)!.map(Number)
    expect(cx).toBeGreaterThan(vx)
    expect(cx).toBeLessThan(vx + vw)
    expect(cy).toBeGreaterThan(vy)
    expect(cy).toBeLessThan(vy + vh)
    // The grid path, read back as a polygon in the same SVG coordinates, contains the dot.
    const d = text.match(/<path d="([^"]+)" fill="#f4f4f4"/)![1]
    const rings = d
      .split(/Z/i)
      .map((r) => (r.match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number))
      .filter((r) => r.length >= 6)
    const poly = rings.map((r) => {
      const pts = []
      for (let k = 0; k + 1 < r.length; k += 2) pts.push([r[k], r[k + 1]])
      pts.push(pts[0])
      return pts
    })
    expect(turf.booleanPointInPolygon([cx, cy], turf.polygon([poly[0]]))).toBe(true)
    const db = await testDb()
    const [g] = await db.query<{ code: string }>('SELECT grid_code AS code FROM issues WHERE id = $1', [id])
    expect(text).toContain(g.code)
  })
})

describe('the notice under the app-wide security headers', () => {
  it('needs no script and no outside host, so the CSP leaves it whole', async () => {
    const id = (await report()).body.id
    await step(id, { action: 'assign' })
    const app = await testApp()
    expect((await app.request(`/api/v1/issues/${id}/notice`)).status).toBe(401)
    const res = await app.request(`/api/v1/issues/${id}/notice`, { headers: { cookie: await loginCookie('leader', DEMO_PASSWORD) } })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toMatch(/<script|onclick=|onload=/i)
    const csp = res.headers.get('content-security-policy') ?? ''
    if (csp) expect(csp).toContain('data:') // the photo is a data: URI
  })
})
