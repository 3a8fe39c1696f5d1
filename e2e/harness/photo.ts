/** A photo as a phone camera would hand it over: a PNG drawn on a canvas in the page (no file on disk). */
import type { Page } from 'playwright-core'

/** A `width`×`height` PNG shading from `colour` to dark, so each photo differs and decodes. */
export async function canvasPhoto(page: Page, colour: string, width = 1200, height = 900): Promise<Buffer> {
  const url = await page.evaluate(
    ([c, w, h]) => {
      const cv = document.createElement('canvas')
      cv.width = w
      cv.height = h
      const ctx = cv.getContext('2d')!
      const grad = ctx.createLinearGradient(0, 0, w, h)
      grad.addColorStop(0, c)
      grad.addColorStop(1, '#223')
      ctx.fillStyle = grad
      ctx.fillRect(0, 0, w, h)
      return cv.toDataURL('image/png')
    },
    [colour, width, height] as const,
  )
  return Buffer.from(url.split(',')[1], 'base64')
}
