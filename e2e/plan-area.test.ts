/**
 * /plan's drawn area shows the server's area analysis: drawing a polygon on the map asks
 * POST /analysis/area, and every number of the panel (counts, densities, coverage, the before/after
 * comparison and its difference-in-differences) equals what the API answers for the same polygon
 * and windows; changing a comparison date asks again. A self-crossing drawing shows the server's
 * 422, a busy server (429) a retry that works. The page never downloads the issue list.
 */
import type { Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { GuardedPage } from './harness/browser.ts'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'
import { area, change, points, share, whole } from '../web/features/plan/format.ts'

type Side = { total: number; per_km2: number | null }
type Answer = {
  area_m2: number
  counts: { total: number; open: number; overdue: number; closed: number; per_km2: number | null }
  control: Side
  field_points: unknown[]
  coverage: { coverage_ratio: number }
  before_after: {
    before: { area: Side; control: Side }
    after: { area: Side; control: Side }
    change: { area: number | null; control: number | null; difference: number | null }
  }
}

const FROM = '2026-08-01'
const TO = '2026-10-31'
const BEFORE = '2026-08-01..2026-08-31'
const AFTER = '2026-09-01..2026-09-30'

const isArea = (r: Request) => r.url().endsWith('/api/v1/analysis/area') && r.method() === 'POST'

/** Clicks the corners (fractions of the map's box) with the drawing tool and finishes; returns the request the panel sent. */
async function draw(g: GuardedPage, corners: [number, number][]) {
  const box = (await (await g.page.$('section.map'))!.boundingBox())!
  await g.page.click('[data-testid="draw-start"]')
  for (const [fx, fy] of corners) {
    await g.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
    // Apart in time, so two corners are never taken as a double-click.
    await g.page.waitForTimeout(400)
  }
  const asked = g.page.waitForRequest(isArea)
  await g.page.click('[data-testid="draw-finish"]')
  return asked
}

/** The same request sent by the test itself: the API's own answer for the page's polygon and windows. */
async function apiAnswer(g: GuardedPage, req: Request): Promise<Answer> {
  // After the page's own answer (the first analysis of a radius builds its coverage; PGlite answers one query at a time).
  await g.page.waitForSelector('[data-testid="area-panel"]:not([data-state="loading"])', { timeout: 180_000 })
  const res = await g.context.request.post(req.url(), { data: req.postDataJSON(), timeout: 180_000 })
  expect(res.status()).toBe(200)
  return (await res.json()) as Answer
}

async function expectPanelShows(g: GuardedPage, a: Answer) {
  await g.page.waitForSelector('[data-testid="area-panel"][data-state="ready"]', { timeout: 180_000 })
  const text = (id: string) => g.page.textContent(`[data-testid="${id}"]`).then((s) => s?.trim())
  expect(Number(await g.page.getAttribute('[data-testid="area-m2"]', 'data-value'))).toBe(a.area_m2)
  expect(await text('area-m2')).toBe(area(a.area_m2))
  expect(await text('area-total')).toBe(whole(a.counts.total))
  expect(await text('area-open')).toBe(whole(a.counts.open))
  expect(await text('area-overdue')).toBe(whole(a.counts.overdue))
  expect(await text('area-closed')).toBe(whole(a.counts.closed))
  expect(await text('area-per-km2')).toBe(whole(a.counts.per_km2))
  expect(await text('area-control-per-km2')).toBe(whole(a.control.per_km2))
  expect(await text('area-points')).toBe(whole(a.field_points.length))
  expect(await text('area-coverage')).toBe(share(a.coverage.coverage_ratio))
  const ba = a.before_after
  for (const side of ['area', 'control'] as const) {
    const cell = (c: string) => g.page.textContent(`[data-testid="area-before-after"] tr[data-side="${side}"] td[data-cell="${c}"]`)
    expect(await cell('before')).toContain(whole(ba.before[side].total))
    expect(await cell('after')).toContain(whole(ba.after[side].total))
    expect((await cell('change'))?.trim()).toBe(change(ba.change[side]))
  }
  expect(await text('area-did')).toContain(points(ba.change.difference))
}

describe('/plan drawn area', () => {
  const s = useSession()

  it("shows the server's analysis of the drawn polygon and its before/after, with the windows chosen", async () => {
    const g = await s.open(`/plan?range=custom&from=${FROM}&to=${TO}&before=${BEFORE}&after=${AFTER}`, undefined, undefined, LEADER)
    await waitForMap(g)
    expect(await g.page.textContent('[data-testid="area-panel"]')).toContain('画区域')

    const req = await draw(g, [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
    ])
    const sent = req.postDataJSON() as { polygon: { coordinates: number[][][] }; from: string; to: string; compare: unknown }
    expect(sent.polygon.coordinates[0]).toHaveLength(5)
    expect(sent.from).toBe('2026-08-01T00:00:00+08:00')
    expect(sent.to).toBe('2026-11-01T00:00:00+08:00')
    expect(sent.compare).toEqual({
      before: { from: '2026-08-01T00:00:00+08:00', to: '2026-09-01T00:00:00+08:00' },
      after: { from: '2026-09-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' },
    })
    const a = await apiAnswer(g, req)
    expect(a.counts.total).toBeGreaterThan(0)
    expect(a.before_after.before.area.total).toBeGreaterThan(0)
    await expectPanelShows(g, a)

    // A new "after" window: the URL keeps it, the server is asked again, the panel follows.
    const again = g.page.waitForRequest(isArea)
    await g.page.fill('[data-testid="after-to"]', '2026-10-31')
    await g.page.dispatchEvent('[data-testid="after-to"]', 'change')
    const req2 = await again
    expect((req2.postDataJSON() as { compare: { after: { to: string } } }).compare.after.to).toBe('2026-11-01T00:00:00+08:00')
    expect(new URL(g.page.url()).searchParams.get('after')).toBe('2026-09-01..2026-10-31')
    const a2 = await apiAnswer(g, req2)
    expect(a2.before_after.after.area.total).toBeGreaterThan(a.before_after.after.area.total)
    await expectPanelShows(g, a2)

    // The page asked for statistics and bins, never for the issue list.
    expect(g.requests.filter((r) => r.startsWith('/api/v1/issues'))).toEqual([])
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  }, 600_000) // software WebGL and an embedded database on a shared 2-core machine

  it("shows the server's refusal of a self-crossing drawing, and a retry when the server is busy", async () => {
    const g = await s.open(`/plan?range=custom&from=${FROM}&to=${TO}`, undefined, undefined, LEADER)
    await waitForMap(g)
    // A bow tie: its edges cross, which PostGIS finds invalid (422 invalid_geometry).
    const bow = await draw(g, [
      [0.3, 0.3],
      [0.7, 0.7],
      [0.7, 0.3],
      [0.3, 0.7],
    ])
    await g.page.waitForSelector('[data-testid="area-error"][data-kind="invalid"]', { timeout: 180_000 })
    const refused = await g.context.request.post(bow.url(), { data: bow.postDataJSON(), timeout: 180_000 })
    expect(refused.status()).toBe(422)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_geometry')
    expect(await g.page.$('[data-testid="area-retry"]')).toBeNull()

    // Too many analyses at once: the server answers 429; the panel says so and offers a retry.
    await g.page.route('**/api/v1/analysis/area', (r) =>
      r.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'too_many_requests', message: '分析请求过多，请稍后再试' } }),
      }),
    )
    await draw(g, [
      [0.35, 0.35],
      [0.65, 0.35],
      [0.65, 0.65],
      [0.35, 0.65],
    ])
    await g.page.waitForSelector('[data-testid="area-error"][data-kind="busy"]')
    expect(await g.page.textContent('[data-testid="area-error"]')).toContain('分析请求过多')
    await g.page.unroute('**/api/v1/analysis/area')
    const retried = g.page.waitForRequest(isArea)
    await g.page.click('[data-testid="area-retry"]')
    await expectPanelShows(g, await apiAnswer(g, await retried))
    // The 429 and 422 are the only console errors (the browser logs failed requests).
    expect(g.errors.filter((e) => !/status of (422|429)/.test(e))).toEqual([])
  }, 600_000)
})
