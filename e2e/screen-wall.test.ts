/**
 * /screen read from five metres (issue 22): the street fills the map panel (turned, with a compass),
 * the legend names the heat layer and five point groups, every KPI tile's 较昨日 / 较上周同期 equals
 * what the API says for those instants, the 最新上报 ticker shows only whole rows, and a report made
 * while the wall is up comes to the top, marked 新.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { INSPECTOR } from './harness/accounts.ts'
import { decodePng } from './harness/pixels.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely
const OFFSET = 8 * 3600_000
/** The API's local ISO form (+08:00) of an instant. */
const iso = (t: number) => `${new Date(t + OFFSET).toISOString().slice(0, 19)}+08:00`
const dayStart = (t: number) => t - ((t + OFFSET) % 86_400_000)
const weekStart = (t: number) => {
  const d = dayStart(t)
  return d - ((new Date(d + OFFSET).getUTCDay() + 6) % 7) * 86_400_000
}

describe('/screen from five metres', () => {
  const s = useSession()
  const get = async (path: string) => (await (await fetch(`${s.url()}/api/v1${path}`)).json()) as Json
  const q = (o: Record<string, string>) => new URLSearchParams(o).toString()

  it('fills the map panel with the street, names heat and point groups, and explains each KPI against yesterday', async () => {
    const g = await s.open('/screen', { width: 1920, height: 1080 })
    await waitForMap(g, 60_000)
    await g.page.waitForSelector('[data-testid="kpi-change"]', { timeout: 90_000 })

    // The boundary's cyan line spans the canvas: its pixels' extent covers most of both sides.
    const canvas = (await g.page.$('canvas.maplibregl-canvas'))!
    const img = decodePng(await canvas.screenshot())
    let [x0, x1, y0, y1] = [img.width, 0, img.height, 0]
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * img.channels
        const [r, gg, b] = [img.data[i], img.data[i + 1], img.data[i + 2]]
        if (Math.abs(r - 57) < 25 && Math.abs(gg - 211) < 25 && b > 230) {
          x0 = Math.min(x0, x)
          x1 = Math.max(x1, x)
          y0 = Math.min(y0, y)
          y1 = Math.max(y1, y)
        }
      }
    // North-up, this street (about 1 km by 2.6 km, standing north–south) spans about a third of the panel's width.
    expect((x1 - x0) / img.width).toBeGreaterThan(0.8)
    expect((y1 - y0) / img.height).toBeGreaterThan(0.6)
    expect(await g.page.$('.maplibregl-ctrl-compass')).not.toBeNull()

    // Legend: the heat layer with its window, and five point groups instead of sixteen classes.
    expect(await g.page.textContent('[data-testid="heat-legend"]')).toContain('近7天')
    const groups = await g.page.$$eval('[data-testid="screen-legends"] .legend', (els) => els.map((e) => e.querySelectorAll('li').length))
    expect(groups).toEqual([4, 5])

    // 较昨日 / 较上周同期, recomputed from the API for the same instants (nothing is written meanwhile).
    const now = Date.now()
    const day = now - 86_400_000
    const [cur, today, ySoFar, yesterday, week, lastWeek] = await Promise.all([
      get('/stats/summary'),
      get(`/stats/summary?${q({ from: iso(dayStart(now)) })}`),
      get(`/stats/summary?${q({ from: iso(dayStart(day)), to: iso(day) })}`),
      get(`/stats/summary?${q({ as_of: iso(day) })}`),
      get(`/stats/summary?${q({ closed_since: iso(weekStart(now)) })}`),
      get(`/stats/summary?${q({ as_of: iso(now - 7 * 86_400_000), closed_since: iso(weekStart(now) - 7 * 86_400_000) })}`),
    ])
    const expected: Record<string, number> = {
      today: today.total - ySoFar.total,
      open: cur.open - yesterday.open,
      overdue: cur.overdue - yesterday.overdue,
      closedWeek: week.closed_since - lastWeek.closed_since,
    }
    for (const [key, d] of Object.entries(expected)) {
      const text = (await g.page.textContent(`[data-kpi="${key}"] [data-testid="kpi-change"] b`))!.trim()
      expect(text, key).toBe(d === 0 ? '—' : `${d > 0 ? '▲' : '▼'}${Math.abs(d)}`)
    }
    expect(g.errors).toEqual([])
  }, 240_000)

  it('shows only whole rows in 最新上报 and brings a new report to the top, marked 新', async () => {
    const g = await s.open('/screen', { width: 1920, height: 1080 })
    await g.page.waitForSelector('[data-testid="newest"] .row', { timeout: 90_000 })
    const whole = await g.page.$eval('[data-testid="newest"]', (box) => {
      const b = box.getBoundingClientRect()
      const rows = [...box.querySelectorAll('.row')].map((r) => r.getBoundingClientRect())
      return { n: rows.length, inside: rows.every((r) => r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5) }
    })
    expect(whole.n).toBeGreaterThan(3)
    expect(whole.inside).toBe(true)

    // A report made now, while the wall is showing.
    const cookie = await loginCookie(s.url(), [INSPECTOR[0], INSPECTOR[1]])
    const grids = await get('/layers/grids')
    const at = turf.pointOnFeature(grids.features[0]).geometry.coordinates
    const res = await fetch(`${s.url()}/api/v1/issues`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ lon: at[0], lat: at[1], category: 'flyposting', description: '大屏测试：新上报应置顶并标记' }),
    })
    expect(res.status).toBe(201)
    const id = ((await res.json()) as Json).id as number
    const first = await g.page.waitForSelector(`[data-testid="newest"] .row[data-issue="${id}"][data-fresh="true"]`, { timeout: 90_000 })
    expect(await first.$eval('.st', (e) => e.textContent?.trim())).toBe('新')
    const index = await g.page.$$eval(
      '[data-testid="newest"] .row',
      (rows, want) => rows.findIndex((r) => r.getAttribute('data-issue') === want),
      String(id),
    )
    expect(index).toBe(0)
  }, 240_000)
})
