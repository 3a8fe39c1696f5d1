/**
 * 市民随手拍 in Chromium at 375×812: a resident reports with a photo and the phone's position
 * (context.setGeolocation), gets a 查询码 and sees 待审核; a moderator accepts (through the API here;
 * the 待审核 UI has its own test, e2e/moderation.test.ts), the issue is closed; the reporter answers "not yet" on
 * /report/{code} and the issue is back in 整改 for 回头看. A tap outside the street is refused on the page.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { INSPECTOR, LEADER } from './harness/accounts.ts'
import { canvasPhoto } from './harness/photo.ts'
import { signIn, useSession } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely

describe('/report (市民随手拍)', () => {
  const s = useSession()

  it('report → code → 待审核 → accepted → closed → "not yet" → back in 整改', async () => {
    const grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as Json
    const [lon, lat] = turf.pointOnFeature(grids.features[4]).geometry.coordinates
    const g = await s.open('/report', PHONE)
    await g.context.grantPermissions(['geolocation'])
    await g.context.setGeolocation({ longitude: lon, latitude: lat })
    await g.page.waitForSelector('[data-testid="pub-map"]', { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${e}: ${await g.page.textContent('body')} ${g.errors.join(' | ')}`)
    })

    // a tap in the corner of the outline's frame lies outside the street
    const box = (await g.page.locator('[data-testid="pub-map"]').boundingBox())!
    await g.page.mouse.click(box.x + 3, box.y + 3)
    expect(await g.page.textContent('[data-testid="pub-outside"]')).toContain('不在')

    const photo = await canvasPhoto(g.page, '#2a6')
    await g.page.setInputFiles('[data-testid="pub-photo"]', { name: 'p.png', mimeType: 'image/png', buffer: photo })
    await g.page.waitForSelector('.thumb img')
    await g.page.click('[data-testid="pub-locate"]')
    await g.page.waitForSelector('[data-testid="pub-picked"]')
    await g.page.click('[data-testid="pub-cat-clutter"]')
    const marker = `端到端随手拍 ${Date.now()}`
    await g.page.fill('[data-testid="pub-description"]', marker)
    await g.page.screenshot({ path: 'docs/screenshots/report-phone.png', fullPage: true })
    await g.page.click('[data-testid="pub-submit"]')
    await g.page.waitForSelector('[data-testid="report-code"]', { timeout: 30_000 })
    const code = (await g.page.textContent('[data-testid="report-code"]'))!.trim()
    expect(code).toMatch(/^[0-9A-Z]{16}$/)
    await g.page.click('[data-testid="report-follow"]')
    await g.page.waitForSelector('[data-testid="track-status"][data-status="pending"]')
    expect(await g.page.textContent('[data-testid="track-status"]')).toBe('已收到，待审核')

    // the moderator accepts; the leader assigns and rectifies, the inspector closes it at 回头看
    const staff = await s.open('/report', PHONE)
    await signIn(staff, s.url(), LEADER)
    const req = staff.context.request
    const queue = (await (await req.get(`${s.url()}/api/v1/moderation/reports?limit=200`)).json()) as Json
    const mine = queue.reports.find((r: Json) => r.code === code)
    expect(mine.description).toBe(marker)
    const accepted = (await (await req.post(`${s.url()}/api/v1/moderation/reports/${mine.id}`, { data: { action: 'accept' } })).json()) as Json
    const issue = accepted.issue_id as number
    expect(accepted.issue.properties.source).toBe('public')
    for (const data of [{ action: 'assign' }, { action: 'rectify', note: '已清理' }])
      expect((await req.post(`${s.url()}/api/v1/issues/${issue}/transitions`, { data })).status()).toBe(200)
    const inspector = await s.open('/report', PHONE)
    await signIn(inspector, s.url(), INSPECTOR)
    expect((await inspector.context.request.post(`${s.url()}/api/v1/issues/${issue}/transitions`, { data: { action: 'approve' } })).status()).toBe(
      200,
    )

    await g.page.reload()
    await g.page.waitForSelector('[data-testid="track-feedback"]')
    expect(await g.page.textContent('[data-testid="track-status"]')).toBe('已销号')
    await g.page.screenshot({ path: 'docs/screenshots/report-track.png', fullPage: true })
    await g.page.click('[data-testid="track-no"]')
    await g.page.waitForSelector('[data-testid="track-thanks"]')
    const detail = (await (await req.get(`${s.url()}/api/v1/issues/${issue}`)).json()) as Json
    expect(detail.properties.status).toBe('rectifying')
    expect(detail.properties.events.at(-1)).toMatchObject({ action: 'reopen', actor: '市民随手拍' })
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
