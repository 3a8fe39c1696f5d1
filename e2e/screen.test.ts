/**
 * /screen, the wall display: at 1920×1080 and 3840×2160 it fills the screen exactly, nothing shows a
 * scrollbar, the map draws, and there are no console errors or outside requests.
 */
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

describe('/screen on a wall', () => {
  const s = useSession()

  for (const size of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
    it(`fits ${size.width}×${size.height} without scrollbars`, async () => {
      const g = await s.open('/screen', size)
      await waitForMap(g, 60_000)
      await g.page.waitForSelector('[data-testid="community-rank"]')
      expect(await g.page.evaluate(scrollbars)).toEqual([])
      const box = await (await g.page.$('[data-testid="screen"]'))!.boundingBox()
      expect(box!.width).toBeCloseTo(size.width, 0)
      expect(box!.height).toBeLessThanOrEqual(size.height)
      expect(box!.height).toBeGreaterThan(size.height * 0.95)
      const stats = pixelStats(await (await g.page.$('canvas.maplibregl-canvas'))!.screenshot())
      expect(stats.colours).toBeGreaterThan(50)
      expect(g.errors).toEqual([])
      expect(g.foreign).toEqual([])
    }, 240_000) // 4K in software WebGL (SwiftShader) on a shared 2-core machine takes about a minute
  }
})
