/**
 * /screen, the wall display: at 1920×1080 and 3840×2160 it fills the screen exactly, nothing shows a
 * scrollbar, the map draws, and there are no console errors or outside requests.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pixelStats } from './harness/pixels.ts'
import { useSession, waitForMap } from './harness/session.ts'

/** Elements whose content overflows a scrollable box (a visible scrollbar), and the page's own overflow. */
function scrollbars() {
  const out: string[] = []
  const root = document.scrollingElement ?? document.documentElement
  if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight) out.push(`page ${root.scrollWidth}×${root.scrollHeight}`)
  for (const el of document.querySelectorAll<HTMLElement>('body *')) {
    const cs = getComputedStyle(el)
    const y = /(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 1
    const x = /(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1
    if (x || y) out.push(`${el.tagName.toLowerCase()}.${el.className}`)
  }
  return out
}

/** Monday 00:00 of this week in Asia/Shanghai, as the API's local date. */
function mondayInShanghai(): string {
  const d = new Date(Date.now() + 8 * 3600_000)
  return new Date(+d - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10)
}

describe('/screen on a wall', () => {
  const s = useSession()

  /** 本周销号 and 按期结案率 show what the API computes (closing time this week; the street's indicators). */
  async function kpisMatchTheApi(page: Page) {
    const get = async (path: string) => (await fetch(`${s.url()}/api/v1${path}`)).json()
    const week = (await get(`/stats/summary?closed_since=${mondayInShanghai()}`)) as { closed_since: number }
    const ind = (await get('/indicators?by=street')) as { rows: { on_time_rate: number }[] }
    const tile = (k: string) => page.textContent(`[data-kpi="${k}"] .num`)
    await page.waitForFunction(() => document.querySelector('[data-kpi="onTime"] .num')?.textContent !== '—')
    expect(await tile('closedWeek')).toBe(String(week.closed_since))
    expect(await tile('onTime')).toBe((ind.rows[0].on_time_rate * 100).toFixed(1))
  }

  for (const size of [
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
  ]) {
    it(`fits ${size.width}×${size.height} without scrollbars`, async () => {
      const g = await s.open('/screen', size)
      await waitForMap(g, 60_000)
      // At 4K SwiftShader draws every frame on the CPU; on a loaded CI core the page answers slowly.
      await g.page.waitForSelector('[data-testid="community-rank"]', { timeout: 90_000 })
      expect(await g.page.evaluate(scrollbars)).toEqual([])
      const box = await (await g.page.$('[data-testid="screen"]'))!.boundingBox()
      expect(box!.width).toBeCloseTo(size.width, 0)
      expect(box!.height).toBeLessThanOrEqual(size.height)
      expect(box!.height).toBeGreaterThan(size.height * 0.95)
      if (size.width === 1920) await kpisMatchTheApi(g.page)
      // The ranking's order is its bars' order: one measure for the title, the sort and the bars.
      for (const list of ['community-rank', 'grid-rank']) {
        const rows = await g.page.$$eval(`[data-testid="${list}"] li`, (els) =>
          els.map((e) => ({
            total: Number(e.querySelector('.total')!.textContent),
            bar: (e.querySelector('.bar i') as HTMLElement).getBoundingClientRect().width,
          })),
        )
        expect(rows.length).toBeGreaterThan(1)
        expect(rows.every((r, k) => k === 0 || (r.total <= rows[k - 1].total && r.bar <= rows[k - 1].bar + 0.5))).toBe(true)
      }
      const stats = pixelStats(await (await g.page.$('canvas.maplibregl-canvas'))!.screenshot())
      expect(stats.colours).toBeGreaterThan(50)
      expect(g.errors).toEqual([])
      expect(g.foreign).toEqual([])
    }, 240_000) // 4K in software WebGL (SwiftShader) on a shared 2-core machine takes about a minute
  }

  it('shows the language button to people, not on a kiosk wall display', async () => {
    const person = await s.open('/screen', { width: 1920, height: 1080 })
    await person.page.waitForSelector('[data-testid="community-rank"]', { timeout: 90_000 })
    expect(await person.page.$('[data-testid="lang"]')).not.toBeNull()
    // A wall display set up with a kiosk token (/screen#token=…; this one need not be valid to hide the button).
    const wall = await s.open(`/screen#token=${'k'.repeat(24)}`, { width: 1920, height: 1080 })
    await wall.page.waitForSelector('[data-testid="screen"] header')
    expect(await wall.page.$('[data-testid="lang"]')).toBeNull()
  }, 240_000)
})
