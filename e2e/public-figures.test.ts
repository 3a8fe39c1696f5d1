/**
 * 市民上报 figures in Chromium (issue 20): residents' reports sent today (one accepted, one rejected,
 * one left pending) show on /plan's headline tiles for today's window and on the wall's 市民上报 tile
 * for its 近7天 window, each equal to what GET /indicators answers for the same window — and the
 * pending one counts as received, never as a problem.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import { sendPublicReport } from './harness/public-report.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely
type Figures = {
  received: number
  accepted: number
  rejected: number
  pending: number
  acceptance_rate: number | null
  satisfaction_rate: number | null
}

const HOUR = 3_600_000
/** Local midnight (Asia/Shanghai, +08:00) of the day `t` falls in, `add` days later. */
const midnight = (t: number, add = 0) => {
  const local = t + 8 * HOUR
  return new Date(local - (local % (24 * HOUR)) - 8 * HOUR + add * 24 * HOUR)
}
const localDate = (d: Date) => new Date(+d + 8 * HOUR).toISOString().slice(0, 10)
const pct = (r: number | null) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)

describe('市民上报 on /plan and /screen', () => {
  const s = useSession()
  const figures = async (from: Date, to?: Date): Promise<Figures> => {
    const q = new URLSearchParams({ by: 'street', from: from.toISOString(), ...(to ? { to: to.toISOString() } : {}) })
    return ((await (await fetch(`${s.url()}/api/v1/indicators?${q}`)).json()) as Json).rows[0].public as Figures
  }

  it("shows the API's figures for the window, the pending report among those received", async () => {
    const origin = s.url()
    const grids = (await (await fetch(`${origin}/api/v1/layers/grids`)).json()) as Json
    const today = midnight(Date.now())
    const before = await figures(today, midnight(Date.now(), 1))
    const device = `e2efig${Date.now().toString(36)}`
    const tag = `市民上报计数 ${Date.now()}`
    const codes = []
    for (const [k, g] of [2, 5, 8].entries()) {
      const at = turf.pointOnFeature(grids.features[g]).geometry.coordinates
      codes.push(await sendPublicReport(origin, { at, description: `${tag} 第${k + 1}件`, device }))
    }
    const staff = await s.open('/plan', undefined, undefined, LEADER)
    const req = staff.context.request
    const queue = (await (await req.get(`${origin}/api/v1/moderation/reports?limit=200`)).json()) as Json
    const id = (code: string) => queue.reports.find((r: Json) => r.code === code).id as number
    expect((await req.post(`${origin}/api/v1/moderation/reports/${id(codes[0])}`, { data: { action: 'accept' } })).status()).toBe(200)
    expect(
      (await req.post(`${origin}/api/v1/moderation/reports/${id(codes[1])}`, { data: { action: 'reject', reason: 'not_a_problem' } })).status(),
    ).toBe(200)

    // today's window: the three reports moved received by 3, accepted and rejected by one each
    const now = await figures(today, midnight(Date.now(), 1))
    expect([now.received - before.received, now.accepted - before.accepted, now.rejected - before.rejected, now.pending - before.pending]).toEqual([
      3, 1, 1, 1,
    ])
    // /indicators counts accepted ÷ decided: check the rate against the counts it is made of
    expect(now.acceptance_rate).toBeCloseTo(now.accepted / (now.accepted + now.rejected), 10)

    const g = staff
    await g.page.goto(`${origin}/plan?range=custom&from=${localDate(today)}&to=${localDate(today)}`)
    await waitForMap(g)
    await g.page.waitForFunction((n) => document.querySelector('[data-testid="plan-public"]')?.textContent === String(n), now.received, {
      timeout: 20_000,
    })
    expect(await g.page.textContent('[data-testid="plan-public-accept"]')).toBe(pct(now.acceptance_rate))
    expect(await g.page.textContent('[data-testid="plan-public-satisfied"]')).toBe(pct(now.satisfaction_rate))
    expect(await g.page.getAttribute('[data-tile="public"]', 'title')).toContain('待审核')
    await g.page.locator('[data-tile="public"]').locator('..').screenshot({ path: 'docs/screenshots/plan-public-tiles.png' })

    // the wall: its 近7天 window starts at local midnight six days ago
    const wall = await s.open('/screen', { width: 1920, height: 1080 }, undefined, LEADER)
    const week = await figures(midnight(Date.now(), -6))
    await wall.page.waitForFunction((n) => document.querySelector('[data-kpi="public"] .num')?.textContent === String(n), week.received, {
      timeout: 30_000,
    })
    expect(await wall.page.textContent('[data-kpi="public"] .label')).toContain('近7天')
    expect(await wall.page.textContent('[data-kpi="public"] [data-testid="kpi-note"]')).toContain(
      week.acceptance_rate == null ? '—' : `${(week.acceptance_rate * 100).toFixed(0)}%`,
    )
    await wall.page.screenshot({ path: 'docs/screenshots/screen-public-tile.png', clip: { x: 0, y: 0, width: 1920, height: 200 } })
    expect(g.errors).toEqual([])
    expect(wall.errors).toEqual([])
  })
})
