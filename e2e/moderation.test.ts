/**
 * 待审核 in Chromium (issue 20): residents' reports (sent to the API as the /report page sends them,
 * proof of work solved here) are moderated through the UI — accepted on /plan by the leader, merged
 * into the suggested nearby issue and rejected with a listed reason on the phone (/patch, 375×812) by
 * the inspector. Every decision is checked against the API; the accepted report's issue then shows on
 * /screen, and a report still pending does not.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { INSPECTOR, LEADER } from './harness/accounts.ts'
import type { GuardedPage } from './harness/browser.ts'
import { sendPublicReport } from './harness/public-report.ts'
import { useSession } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
const DESK = { width: 1440, height: 900 }
const DEVICE = `e2emod${Date.now().toString(36)}`
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely

/** A JPEG a phone might send: a pile of brown boxes on grey, drawn in the page. */
async function boxesPhoto(g: GuardedPage, hue: number): Promise<Buffer> {
  const url = await g.page.evaluate((h) => {
    const cv = document.createElement('canvas')
    cv.width = 640
    cv.height = 480
    const ctx = cv.getContext('2d')!
    ctx.fillStyle = '#8f969e'
    ctx.fillRect(0, 0, 640, 480)
    ctx.fillStyle = '#5d6670'
    ctx.fillRect(0, 330, 640, 150)
    for (let i = 0; i < 14; i++) {
      ctx.fillStyle = `hsl(${h + i * 3}, 45%, ${30 + (i % 4) * 8}%)`
      ctx.fillRect(60 + ((i * 97) % 480), 200 + ((i * 53) % 160), 90, 70)
    }
    return cv.toDataURL('image/jpeg', 0.85)
  }, hue)
  return Buffer.from(url.split(',')[1], 'base64')
}

/** Sends a report as the /report page does (a challenge, the proof of work, the form with a photo). */
const report = (origin: string, at: number[], description: string, photo: Buffer) =>
  sendPublicReport(origin, { at, description, photo, phone: '13800001234', device: DEVICE })

const track = async (origin: string, code: string) => (await (await fetch(`${origin}/api/v1/public/reports/${code}`)).json()) as Json

describe('待审核 (moderation UI)', () => {
  const s = useSession()

  it('accept on /plan, merge and reject on the phone; the accepted one reaches /screen, a pending one does not', async () => {
    const origin = s.url()
    const grids = (await (await fetch(`${origin}/api/v1/layers/grids`)).json()) as Json
    const at = turf.pointOnFeature(grids.features[6]).geometry.coordinates
    const near = turf.destination(at, 0.006, 45).geometry.coordinates // 6 m away: a duplicate
    const far = turf.pointOnFeature(grids.features[9]).geometry.coordinates
    const tag = Date.now().toString(36)
    const words = { a: `审核受理 ${tag}`, b: `审核合并 ${tag}`, c: `审核驳回 ${tag}`, p: `仍待审核 ${tag}` }

    const leader = await s.open('/plan', DESK, 1, LEADER)
    const [pa, pb, pc] = [await boxesPhoto(leader, 25), await boxesPhoto(leader, 35), await boxesPhoto(leader, 200)]
    const codes = {
      a: await report(origin, at, words.a, pa),
      b: await report(origin, near, words.b, pb),
      c: await report(origin, far, words.c, pc),
      p: await report(origin, far, words.p, pc),
    }
    const pendingBefore = ((await (await leader.context.request.get(`${origin}/api/v1/moderation/reports?limit=1`)).json()) as Json).pending as number

    // /plan: the panel names the pending count; the leader opens A and accepts it
    await leader.page.reload()
    await leader.page.waitForSelector('[data-testid="mod-queue"][data-state="ready"]')
    expect(Number(await leader.page.getAttribute('[data-testid="mod-queue"]', 'data-pending'))).toBe(pendingBefore)
    expect(await leader.page.textContent('[data-testid="mod-summary"]')).toContain(`待审核（${pendingBefore}）`)
    await leader.page.click('[data-testid="mod-summary"]')
    await leader.page.click(`li[data-code="${codes.a}"] [data-testid="mod-open"]`)
    await leader.page.waitForSelector('[data-testid="mod-review"] [data-testid="mod-photo"]')
    expect(await leader.page.textContent('[data-testid="mod-description"]')).toBe(words.a)
    await leader.page.waitForSelector('[data-testid="mod-map"] canvas.maplibregl-canvas')
    await leader.page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="mod-review"] img')].every((i) => i.complete && i.naturalWidth > 0),
    )
    await leader.page.waitForTimeout(800)
    await leader.page.screenshot({ path: 'docs/screenshots/moderation-plan.png' })
    await leader.page.click('[data-testid="mod-accept"]')
    await leader.page.waitForSelector('[data-testid="mod-done"]')
    const a = await track(origin, codes.a)
    expect(a.status).toBe('accepted')
    const issueA = Number((await leader.page.textContent('[data-testid="mod-done"]'))!.match(/#(\d+)/)![1])
    const detail = (await (await leader.context.request.get(`${origin}/api/v1/issues/${issueA}`)).json()) as Json
    expect(detail.properties).toMatchObject({ source: 'public', description: words.a })
    expect(detail.properties.deadline).toBeTruthy()
    await leader.page.waitForFunction(
      (n) => document.querySelector('[data-testid="mod-queue"]')?.getAttribute('data-pending') === String(n),
      pendingBefore - 1,
    )
    expect(await leader.page.locator(`li[data-code="${codes.a}"]`).count()).toBe(0)

    // the phone: the inspector's 待审核 tab; B merges into A's issue (suggested), C is rejected
    const phone = await s.open('/patch', PHONE, 2, INSPECTOR)
    await phone.page.click('[data-testid="tab-moderation"]')
    await phone.page.waitForSelector('[data-testid="mod-queue"][data-state="ready"]')
    expect(await phone.page.textContent('[data-testid="tab-moderation"]')).toContain(`待审核 ${pendingBefore - 1}`)
    await phone.page.click(`li[data-code="${codes.b}"] [data-testid="mod-open"]`)
    await phone.page.click('[data-testid="mod-merge"]')
    await phone.page.waitForSelector(`[data-testid="mod-dupe-${issueA}"]`)
    await phone.page.click(`[data-testid="mod-dupe-${issueA}"] input`)
    await phone.page.waitForSelector('[data-testid="mod-map"] canvas.maplibregl-canvas')
    await phone.page.waitForTimeout(800)
    await phone.page.screenshot({ path: 'docs/screenshots/moderation-phone-merge.png' })
    await phone.page.click('[data-testid="mod-merge-confirm"]')
    await phone.page.waitForSelector('[data-testid="mod-done"]')
    const b = await track(origin, codes.b)
    expect(b.status).not.toBe('pending')
    expect(b.timeline.map((e: Json) => e.status)).toContain('merged')
    const queued = (await (await phone.context.request.get(`${origin}/api/v1/moderation/reports?limit=200`)).json()) as Json
    expect(queued.reports.some((r: Json) => r.code === codes.b)).toBe(false)

    await phone.page.click(`li[data-code="${codes.c}"] [data-testid="mod-open"]`)
    await phone.page.click('[data-testid="mod-reject"]')
    expect(await phone.page.isDisabled('[data-testid="mod-reject-confirm"]')).toBe(true)
    await phone.page.click('[data-testid="mod-reason-insufficient"] input')
    await phone.page.screenshot({ path: 'docs/screenshots/moderation-phone-reject.png' })
    await phone.page.click('[data-testid="mod-reject-confirm"]')
    await phone.page.waitForFunction(
      (code) => !document.querySelector(`li[data-code="${code}"]`) && !!document.querySelector('[data-testid="mod-done"]'),
      codes.c,
    )
    const c = await track(origin, codes.c)
    expect(c).toMatchObject({ status: 'rejected', reason: '照片或位置信息不足，无法核实' })
    await phone.page.screenshot({ path: 'docs/screenshots/moderation-phone-queue.png' })
    expect(await phone.page.textContent('[data-testid="tab-moderation"]')).toContain(`待审核 ${pendingBefore - 3}`)

    // /screen: A's issue is among the newest; nothing on the wall carries the pending report's words
    const wall = await s.open('/screen', { width: 1920, height: 1080 })
    await wall.page.waitForSelector(`[data-testid="newest"] [data-issue="${issueA}"]`, { timeout: 30_000 })
    const shown = await wall.page.$$eval('[data-testid="newest"] [data-issue]', (els) => els.map((e) => Number(e.getAttribute('data-issue'))))
    for (const id of shown) {
      const d = (await (await leader.context.request.get(`${origin}/api/v1/issues/${id}`)).json()) as Json
      expect(d.properties.description).not.toBe(words.p)
    }
    expect((await track(origin, codes.p)).status).toBe('pending')
    const newest = (await (await fetch(`${origin}/api/v1/issues?limit=50`)).json()) as Json
    expect(newest.features.some((f: Json) => f.properties.id === issueA)).toBe(true)
    expect(newest.features.some((f: Json) => [words.p, words.c, words.b].includes(f.properties.description))).toBe(false)

    for (const g of [leader, phone, wall]) expect(g.errors).toEqual([])
  })
})
