/**
 * The resident poster (/report/poster): the street's name, a QR code that is exactly /report on this
 * server (its modules compared with the qrcode library's own for that URL, computed here in Node), and
 * one A4 page when printed (pdfinfo, pdftotext).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { useSession } from './harness/session.ts'

/** The dark cells of the qrcode library's SVG path ("M x y.5 h n m dx dy h n …"), as "col,row". */
function darkCells(d: string): Set<string> {
  const out = new Set<string>()
  let x = 0
  let y = 0
  for (const [, op, a, b] of d.matchAll(/([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Number(b)]
    else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)]
    else {
      for (let k = 0; k < Number(a); k++) out.add(`${x + k},${Math.floor(y)}`)
      x += Number(a)
    }
  }
  return out
}

describe('/report/poster', () => {
  const s = useSession()

  it('names the street, encodes exactly /report on this server, and prints on one A4 page', async () => {
    const g = await s.open('/report/poster', { width: 900, height: 1300 })
    await g.page.waitForSelector('[data-testid="poster-qr"] svg')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="poster-street"]')?.textContent?.trim())
    const form = (await (await fetch(`${s.url()}/api/v1/public/categories`)).json()) as { street_name: string }
    expect(await g.page.textContent('[data-testid="poster-street"]')).toBe(form.street_name)

    const d = await g.page.getAttribute('[data-testid="poster-qr"] svg path[stroke]', 'd')
    const qr = QRCode.create(`${s.url()}/report`, { errorCorrectionLevel: 'M' })
    const expected = new Set<string>()
    for (let r = 0; r < qr.modules.size; r++) for (let c = 0; c < qr.modules.size; c++) if (qr.modules.get(r, c)) expected.add(`${c + 2},${r + 2}`) // margin 2
    expect(darkCells(d!)).toEqual(expected)

    await g.page.screenshot({ path: 'docs/screenshots/report-poster.png', fullPage: true })
    const dir = mkdtempSync(join(tmpdir(), 'cgm-poster-'))
    try {
      const pdf = join(dir, 'poster.pdf')
      writeFileSync(pdf, await g.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
      expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\n/)
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
      expect(text).toContain('市民随手拍')
      expect(text).toContain(form.street_name)
      expect(text).not.toContain('打印海报') // the print button stays off paper
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
