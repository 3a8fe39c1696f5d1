/**
 * The street's public map of 随手拍 in Chromium at 375×812: off by default (the page says so, /report
 * has no link); an admin turns it on, a resident's report is accepted, and /report/map shows one dot
 * per report the API lists, the accepted one among them, with nothing personal on the page.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { ADMIN, LEADER } from './harness/accounts.ts'
import { sendPublicReport } from './harness/public-report.ts'
import { signIn, useSession } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely

describe('/report/map (随手拍公开地图)', () => {
  const s = useSession()

  it('is off until an admin turns it on; then shows the accepted reports the API lists', async () => {
    const admin = await s.open('/report', PHONE)
    await signIn(admin, s.url(), ADMIN)
    const settings = (on: boolean) => admin.context.request.put(`${s.url()}/api/v1/moderation/settings`, { data: { enabled: true, public_map: on } })
    expect((await settings(false)).status()).toBe(200)

    const off = await s.open('/report/map', PHONE)
    await off.page.waitForSelector('[data-testid="map-error"]')
    expect(await off.page.textContent('[data-testid="map-error"]')).toContain('未开放')
    await off.page.goto(`${s.url()}/report`)
    await off.page.waitForSelector('[data-testid="pub-map"]')
    expect(await off.page.$('[data-testid="report-map-link"]')).toBeNull()

    // a resident reports (solving the challenge as the page does) and a leader accepts
    const grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as Json
    const [lon, lat] = turf.pointOnFeature(grids.features[7]).geometry.coordinates
    const secret = `公开地图端到端 ${Date.now()}`
    const code = await sendPublicReport(s.url(), { at: [lon, lat], description: secret, phone: '13900001111' })
    const staff = await s.open('/report', PHONE)
    await signIn(staff, s.url(), LEADER)
    const queue = (await (await staff.context.request.get(`${s.url()}/api/v1/moderation/reports?limit=200`)).json()) as Json
    const mine = queue.reports.find((r: Json) => r.code === code)
    expect((await staff.context.request.post(`${s.url()}/api/v1/moderation/reports/${mine.id}`, { data: { action: 'accept' } })).status()).toBe(200)

    expect((await settings(true)).status()).toBe(200)
    try {
      const g = await s.open('/report', PHONE)
      await g.page.click('[data-testid="report-map-link"]')
      await g.page.waitForSelector('[data-testid="map-dot"]')
      const api = (await (await fetch(`${s.url()}/api/v1/public/map`)).json()) as Json
      expect(await g.page.$$eval('[data-testid="map-dot"]', (d) => d.length)).toBe(api.features.length)
      expect(await g.page.$$eval('[data-testid="map-list"] li', (d) => d.length)).toBe(api.features.length)
      const near = api.features.filter((f: Json) => turf.distance(f.geometry.coordinates, [lon, lat], { units: 'meters' }) < 15)
      expect(near.length).toBeGreaterThanOrEqual(1)
      const body = (await g.page.textContent('body'))!
      for (const personal of [secret, '13900001111', code]) expect(body).not.toContain(personal)
      await g.page.screenshot({ path: 'docs/screenshots/report-map.png', fullPage: true })
      expect(g.errors).toEqual([])
      expect(g.foreign).toEqual([])
    } finally {
      await settings(false)
    }
  })
})
