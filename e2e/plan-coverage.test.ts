/**
 * /plan bike-parking coverage: turning the layer on shows the API's street coverage ratio and
 * uncovered-issue count for the view's window, and draws on the map (its pixels change).
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GuardedPage } from './harness/browser.ts'
import { decodePng } from './harness/pixels.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Coverage = {
  radius_m: number
  coverage_ratio: number
  uncovered_issues: number
  suggestions: unknown[]
  grids: { grid_code: string; coverage_ratio: number }[]
}

// Inclusive calendar dates in the UI; the API window is [from 00:00, day after `to` 00:00) in +08:00.
const FROM = '2025-11-21'
const TO = '2026-11-20'
const API_WINDOW = `from=${encodeURIComponent('2025-11-21T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-21T00:00:00+08:00')}`

/** Share of pixels whose colour differs between two same-sized screenshots. */
function changed(a: Buffer, b: Buffer): number {
  const [x, y] = [decodePng(a), decodePng(b)]
  expect([x.width, x.height]).toEqual([y.width, y.height])
  let n = 0
  for (let i = 0; i < x.width * x.height; i++) {
    const [o, p] = [i * x.channels, i * y.channels]
    if (Math.abs(x.data[o] - y.data[p]) + Math.abs(x.data[o + 1] - y.data[p + 1]) + Math.abs(x.data[o + 2] - y.data[p + 2]) > 30) n++
  }
  return n / (x.width * x.height)
}

/** Logs in as the leader inside the page, so the session cookie rides along whether or not /plan is guarded. */
async function login(g: GuardedPage, origin: string) {
  await g.page.goto(`${origin}/`, { waitUntil: 'load' })
  const status = await g.page.evaluate(async () => {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: 'dongtang-demo' }),
    })
    return res.status
  })
  expect(status).toBe(200)
}

describe('/plan bike-parking coverage layer', () => {
  const s = useSession()

  it("shows the API's coverage ratio and gaps, and draws them on the map", async () => {
    const g = await s.open('/')
    await login(g, s.url())
    await g.page.goto(`${s.url()}/plan?range=custom&from=${FROM}&to=${TO}&layer=none`, { waitUntil: 'load' })
    await waitForMap(g)
    const map = (await g.page.$('section.map'))!
    const before = await map.screenshot()

    await g.page.selectOption('[data-testid="coverage-select"]', '200')
    await g.page.waitForSelector('[data-testid="coverage-ratio"]', { timeout: 30_000 })
    const api = (await g.page.evaluate(async (q) => (await fetch(`/api/v1/analysis/bike-coverage?radius=200&${q}`)).json(), API_WINDOW)) as Coverage
    expect(api.radius_m).toBe(200)
    expect(api.coverage_ratio).toBeGreaterThan(0)
    expect(api.coverage_ratio).toBeLessThan(1)
    expect(Number(await g.page.getAttribute('[data-testid="coverage-ratio"]', 'data-ratio'))).toBe(api.coverage_ratio)
    expect(await g.page.textContent('[data-testid="coverage-ratio"]')).toBe(`${(api.coverage_ratio * 100).toFixed(1)}%`)
    expect(Number(await g.page.textContent('[data-testid="coverage-gaps"]'))).toBe(api.uncovered_issues)
    expect(await g.page.$$eval('[data-testid="coverage-grids"] tbody tr', (rows) => rows.length)).toBe(api.grids.length)
    expect(new URL(g.page.url()).searchParams.get('coverage')).toBe('200')

    await waitForMap(g)
    const after = await map.screenshot()
    // The covered area (a translucent green over most of the street), the gaps and the sites.
    expect(changed(before, after)).toBeGreaterThan(0.05)
    await g.page.screenshot({ path: join(tmpdir(), 'plan-coverage.png') })

    // A wider radius covers more, and the page follows the API again.
    await g.page.selectOption('[data-testid="coverage-select"]', '300')
    const wider = (await g.page.evaluate(async (q) => (await fetch(`/api/v1/analysis/bike-coverage?radius=300&${q}`)).json(), API_WINDOW)) as Coverage
    expect(wider.coverage_ratio).toBeGreaterThan(api.coverage_ratio)
    await g.page.waitForFunction(
      (r) => document.querySelector('[data-testid="coverage-ratio"]')?.getAttribute('data-ratio') === String(r),
      wider.coverage_ratio,
    )

    // Off again: the panel goes away.
    await g.page.selectOption('[data-testid="coverage-select"]', '0')
    await g.page.waitForSelector('[data-testid="coverage-panel"]', { state: 'detached' })
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
