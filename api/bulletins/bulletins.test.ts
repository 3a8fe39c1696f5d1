/**
 * GET /bulletins/weekly: the 通报 read back by other software — the .docx unzipped (JSZip) and its
 * document.xml read, the HTML printed to PDF by Chromium and read by poppler (pdfinfo, pdftotext).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { launch } from '../../e2e/harness/browser.ts'
import { cookieOf, send, step, type Json } from '../issues/test-helpers.ts'
import { answers, checklistOf, pointOf, uploadPhoto } from '../inspections/test-helpers.ts'
import { DOCX_TYPE } from './routes.ts'

const run = promisify(execFile)
const WEEK = '2026-W47' // the test clock's week: the 销号 below happens "now"
const marker = `通报测试-${Date.now()}`
let failedTexts: string[] = []
let closedId = 0
let openId = 0
let campaignName = ''
let campaignStatus = ''
const STATUS_ZH: Record<string, string> = {
  on_track: '达标中',
  at_risk: '有风险',
  no_data: '无数据',
  upcoming: '未开始',
  met: '已达成',
  missed: '未达成',
}
let endedName = ''

async function get(q: string, who = 'leader') {
  const app = await testApp()
  return app.request(`/api/v1/bulletins/weekly?${q}`, { headers: { cookie: await cookieOf(who) } })
}

beforeAll(async () => {
  const point = await pointOf('construction_site')
  const list = await checklistOf('construction_site')
  const fail = [list.items[0].code, list.items[1].code]
  failedTexts = list.items.slice(0, 2).map((i: Json) => i.text)
  const items = await answers(list, fail, marker)
  const r = await send('POST', '/api/v1/inspections', { point_code: point.code, items, at: '2026-11-18T10:00:00+08:00' }, await cookieOf('inspector'))
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  ;[closedId, openId] = r.body.issues
  // one of the two is rectified with an after-photo and passes 回头看 this week
  // a campaign running in the week, and one that ended before it (left out of the 通报)
  const leader = await cookieOf('leader')
  const polygon = (await send('GET', '/api/v1/layers/communities', undefined, '')).body.features[0].geometry
  const communityPolygon = polygon.type === 'MultiPolygon' ? { type: 'Polygon', coordinates: polygon.coordinates[0] } : polygon
  campaignName = `通报攻坚-${Date.now()}`
  endedName = `已结束攻坚-${Date.now()}`
  const made = await send(
    'POST',
    '/api/v1/campaigns',
    {
      name: campaignName,
      polygon: communityPolygon,
      phases: [{ name: '集中整治', from: '2026-11-16', to: '2026-11-30' }],
      targets: [{ change: -0.5 }],
    },
    leader,
  )
  expect(made.status, JSON.stringify(made.body)).toBe(201)
  const ended = await send(
    'POST',
    '/api/v1/campaigns',
    { name: endedName, polygon: communityPolygon, phases: [{ name: '宣传发动', from: '2026-11-02', to: '2026-11-09' }] },
    leader,
  )
  expect(ended.status, JSON.stringify(ended.body)).toBe(201)
  campaignStatus = (await send('GET', `/api/v1/campaigns/${made.body.campaign.id}`, undefined, leader)).body.targets[0].status
  expect((await step(closedId, { action: 'assign' })).status).toBe(200)
  const after = await uploadPhoto('leader')
  expect((await step(closedId, { action: 'rectify', note: '已清理', photos: [after] })).status).toBe(200)
  expect((await step(closedId, { action: 'approve', note: '复查通过' })).status).toBe(200)
})

describe('GET /bulletins/weekly', () => {
  it('is a Word document whose XML holds the title, week, ranking with flags, failed items, open issues and photo pairs', async () => {
    const res = await get(`week=${WEEK}&format=docx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE)
    expect(res.headers.get('content-disposition')).toContain(`bulletin-${WEEK}.docx`)
    const bytes = await res.arrayBuffer()
    if (process.env.BULLETIN_DOCX) await writeFile(process.env.BULLETIN_DOCX, new Uint8Array(bytes))
    const zip = await JSZip.loadAsync(bytes)
    const xml = await zip.file('word/document.xml')!.async('string')
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    expect(text).toContain('东塘街道创建文明城市督查测评通报')
    expect(text).toContain('2026年第47周（11月16日—11月22日）')
    const weekly = (await send('GET', `/api/v1/assessments/weekly?week=${WEEK}`)).body
    for (const row of weekly.rows as Json[]) {
      expect(text).toContain(row.name)
      if (row.score !== null) expect(text).toContain(row.score.toFixed(1))
    }
    expect(weekly.rows.some((r: Json) => r.flag === 'red')).toBe(true)
    expect(text).toContain('红旗')
    for (const t of failedTexts) expect(text).toContain(t)
    expect(text).toContain(marker) // the open issue's description carries the inspector's note
    expect(text).toContain('整改前')
    // media: the map (SVG and its PNG fallback) and the before/after photos
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))
    expect(media.filter((f) => f.endsWith('.svg'))).toHaveLength(1)
    const pngs = media.filter((f) => f.endsWith('.png'))
    expect(pngs.length).toBeGreaterThanOrEqual(1)
    const png = await zip.file(pngs[0])!.async('uint8array')
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG')
    expect(media.filter((f) => /\.(jpe?g)$/.test(f)).length).toBeGreaterThanOrEqual(1)
    // 六、本周攻坚行动: the running campaign with its phase and its target's status as the page has it, not the ended one
    expect(text).toContain('六、本周攻坚行动')
    expect(text).toContain(campaignName)
    expect(text).toContain(`集中整治`)
    expect(text).toContain(`：${STATUS_ZH[campaignStatus]}`)
    expect(text).not.toContain(endedName)
  })

  it('prints as A4 HTML: Chromium makes a PDF whose text has the ranking, the failed items and the issues', async () => {
    const res = await get(`week=${WEEK}&format=html`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const browser = await launch()
    try {
      const page = await browser.newPage()
      await page.setContent(html, { waitUntil: 'load' })
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      if (process.env.BULLETIN_PDF) await writeFile(process.env.BULLETIN_PDF, pdf)
      const dir = await mkdtemp(join(tmpdir(), 'cgm-bulletin-'))
      await writeFile(join(dir, 'b.pdf'), pdf)
      const info = (await run('pdfinfo', [join(dir, 'b.pdf')])).stdout
      expect(info).toMatch(/Page size:.*\(A4\)/)
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
      expect(pages).toBeGreaterThanOrEqual(1)
      expect(pages).toBeLessThanOrEqual(6)
      const text = (await run('pdftotext', [join(dir, 'b.pdf'), '-'])).stdout.replace(/\s+/g, '')
      expect(text).toContain('督查测评通报')
      expect(text).toContain('一、测评排名')
      expect(text).toContain(failedTexts[0].replace(/\s+/g, ''))
      expect(text).toContain(`#${openId}`) // the open issue, in its table (cells wrap, so not its whole description)
      expect(text).toContain('整改后')
      expect(text).toContain('六、本周攻坚行动')
      expect(text).toContain(campaignName)
      expect(await page.$$eval('.pair img', (imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true)
      expect(await page.$$eval('.map svg path', (p) => p.length)).toBeGreaterThanOrEqual(10)
    } finally {
      await browser.close()
    }
    expect(closedId).not.toBe(openId)
  })

  it('an empty week still makes a 通报 (every row 未测评); a week that does not exist is a 400; grid managers and the wall may not', async () => {
    const res = await get('week=2026-W41&format=docx')
    expect(res.status).toBe(200)
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toContain('未测评')
    expect(xml).toContain('本周测评未发现不合格项')
    expect((await get('week=2026-W54')).status).toBe(400)
    expect((await get('week=2026-W47&format=pdf')).status).toBe(400)
    expect((await get('week=2026-W47', 'grid01')).status).toBe(403)
    expect((await get('week=2026-W47', 'screen')).status).toBe(403)
  })
})
