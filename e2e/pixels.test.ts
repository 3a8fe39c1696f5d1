/** The pixel-variance check itself must tell a flat page from a drawn one, or the map checks prove nothing. */
import { describe, expect, it } from 'vitest'
import { useSession } from './harness/session.ts'
import { pixelStats } from './harness/pixels.ts'

describe('pixelStats on real Chromium screenshots', () => {
  const s = useSession()

  it('finds no variance in a flat colour and clear variance in a gradient', async () => {
    const ctx = await s.browser().newContext({ viewport: { width: 200, height: 100 } })
    const page = await ctx.newPage()
    await page.setContent('<body style="margin:0;background:#123456"></body>')
    const flat = pixelStats(await page.screenshot())
    await page.setContent('<body style="margin:0;height:100vh;background:linear-gradient(90deg,#000,#fff)"></body>')
    const ramp = pixelStats(await page.screenshot())
    await ctx.close()
    expect(flat.stddev).toBeLessThan(0.01)
    expect(flat.colours).toBe(1)
    // A black→white ramp: luminance uniform on [0,255] has a standard deviation of 255/√12 ≈ 73.6.
    expect(ramp.stddev).toBeGreaterThan(65)
    expect(ramp.stddev).toBeLessThan(80)
    expect(ramp.colours).toBeGreaterThan(100)
  })
})
