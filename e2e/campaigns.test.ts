/**
 * 攻坚 campaigns in the browser: a leader draws an area on /plan, creates a two-phase campaign with
 * a target from it, lands on its page and sees it on the wall's campaign mode; a campaign's page
 * shows the API's numbers, and its A4 page prints to one PDF page that reads back.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import type { GuardedPage } from './harness/browser.ts'
import { signIn, useSession, waitForMap } from './harness/session.ts'

const run = promisify(execFile)
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies read loosely

const STATUS: Record<string, string> = {
  upcoming: '未开始',
  on_track: '达标中',
  at_risk: '有风险',
  met: '已达成',
  missed: '未达成',
  no_data: '无数据',
}

async function apiGet(g: GuardedPage, url: string): Promise<Json> {
  const res = await g.context.request.get(url, { timeout: 120_000 })
  expect(res.status(), url).toBe(200)
  return (await res.json()) as Json
}

describe('攻坚 campaigns in the browser', () => {
  const s = useSession()

  it('a leader draws an area on /plan, creates a two-phase campaign with a target, and sees it on /screen', async () => {
    const g = await s.open('/plan', { width: 1440, height: 900 }, undefined, LEADER)
    await waitForMap(g, 60_000)
    const box = (await (await g.page.$('section.map'))!.boundingBox())!
    await g.page.click('[data-testid="draw-start"]')
    for (const [fx, fy] of [
      [0.4, 0.4],
      [0.6, 0.4],
      [0.6, 0.6],
      [0.4, 0.6],
    ]) {
      await g.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
      await g.page.waitForTimeout(400)
    }
    const asked = g.page.waitForRequest((r) => r.url().endsWith('/api/v1/analysis/area') && r.method() === 'POST')
    await g.page.click('[data-testid="draw-finish"]')
    const drawn = (await asked).postDataJSON().polygon
    await g.page.click('[data-testid="campaign-new"]')
    await g.page.waitForSelector('[data-testid="campaign-form"]')
    expect(await g.page.isChecked('[data-testid="area-drawn"]')).toBe(true)
    await g.page.fill('[data-testid="campaign-name"]', '浏览器测试：新雨路攻坚')
    await g.page.fill('[data-testid="target-change"]', '-30')
    expect(await g.page.$$('[data-testid^="phase-"]')).toHaveLength(2)
    await g.page.screenshot({ path: 'docs/screenshots/campaign-create.png' })
    await Promise.all([g.page.waitForURL(/\/campaigns\/\d+$/, { timeout: 60_000 }), g.page.click('[data-testid="campaign-save"]')])
    const id = Number(new URL(g.page.url()).pathname.split('/').pop())
    await g.page.waitForSelector('[data-testid="campaign-page"][data-state="ready"]', { timeout: 120_000 })

    const page = await apiGet(g, `${s.url()}/api/v1/campaigns/${id}`)
    expect(page.campaign.name).toBe('浏览器测试：新雨路攻坚')
    expect(page.campaign.state).toBe('running')
    expect(page.campaign.phases).toHaveLength(2)
    expect(page.campaign.targets).toEqual([{ metric: 'new_issues', change: -0.3 }])
    // the saved area is the polygon drawn on the map
    expect(page.campaign.polygon.coordinates[0].length).toBe(drawn.coordinates[0].length)
    page.campaign.polygon.coordinates[0].forEach((p: number[], k: number) => {
      expect(p[0]).toBeCloseTo(drawn.coordinates[0][k][0], 9)
      expect(p[1]).toBeCloseTo(drawn.coordinates[0][k][1], 9)
    })
    expect(await g.page.textContent('[data-testid="campaign-targets"] li .chip')).toBe(STATUS[page.targets[0].status])
    expect(g.errors).toEqual([])

    // the wall's campaign mode lists it with its phase and outlines the running areas
    const w = await s.open('/screen?mode=campaigns', { width: 1920, height: 1080 }, undefined, LEADER)
    await w.page.waitForSelector(`[data-testid="wall-campaigns"] li[data-id="${id}"]`, { timeout: 60_000 })
    const item = (await w.page.textContent(`[data-testid="wall-campaigns"] li[data-id="${id}"]`))!
    expect(item).toContain('浏览器测试：新雨路攻坚')
    expect(item).toContain(`当前阶段：${page.campaign.phases[0].name}`)
    expect(w.requests.some((r) => r.startsWith('/api/v1/campaigns?') && r.includes('state=running'))).toBe(true)
    await waitForMap(w, 60_000)
    await w.page.screenshot({ path: 'docs/screenshots/screen-campaigns.png' })
    expect(w.errors).toEqual([])

    // back on /plan, a newly drawn area replaces the campaign's: a second version, the first kept
    await g.page.goto(`${s.url()}/plan`)
    await waitForMap(g, 60_000)
    await g.page.click('[data-testid="draw-start"]')
    for (const [fx, fy] of [
      [0.3, 0.3],
      [0.5, 0.3],
      [0.5, 0.5],
    ]) {
      await g.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
      await g.page.waitForTimeout(400)
    }
    const again = g.page.waitForRequest((r) => r.url().endsWith('/api/v1/analysis/area') && r.method() === 'POST')
    await g.page.click('[data-testid="draw-finish"]')
    const triangle = (await again).postDataJSON().polygon
    await g.page.click('[data-testid="campaigns-toggle"]')
    g.page.once('dialog', (d) => void d.accept())
    await g.page.click(`[data-testid="campaign-reshape-${id}"]`)
    await g.page.waitForSelector('[data-testid="campaign-reshaped"]')
    expect(await g.page.textContent('[data-testid="campaign-reshaped"]')).toContain('第 2 版')
    const after = await apiGet(g, `${s.url()}/api/v1/campaigns/${id}`)
    expect(after.campaign.polygon.coordinates[0]).toHaveLength(triangle.coordinates[0].length)
    expect(after.history.map((h: Json) => h.changed)).toEqual([[], ['polygon']])
    expect(after.history[0].snapshot.polygon.coordinates[0]).toHaveLength(drawn.coordinates[0].length)
    expect(g.errors).toEqual([])
  })

  it('a campaign page shows the API’s phases and targets, and its A4 page prints to one page', async () => {
    const g = await s.open('/login', { width: 1440, height: 900 })
    await signIn(g, s.url(), LEADER)
    const community = (await apiGet(g, `${s.url()}/api/v1/layers/communities`)).features[0].properties.code
    const made = await g.context.request.post(`${s.url()}/api/v1/campaigns`, {
      data: {
        name: '社区门前三包攻坚',
        communities: [community],
        phases: [
          { name: '集中创建', from: '2026-08-01', to: '2026-10-01', aim: '门前三包责任书全覆盖' },
          { name: '完善提高', from: '2026-10-01', to: '2027-01-01' },
        ],
        targets: [{ change: -0.2 }, { metric: 'rectification_rate', min: 0.9 }],
      },
    })
    expect(made.status()).toBe(201)
    const id = ((await made.json()) as Json).campaign.id
    await g.page.goto(`${s.url()}/campaigns/${id}`)
    await g.page.waitForSelector('[data-testid="campaign-page"][data-state="ready"]', { timeout: 120_000 })
    await waitForMap(g, 60_000)
    const page = await apiGet(g, `${s.url()}/api/v1/campaigns/${id}`)
    const rows = await g.page.$$eval('[data-testid="campaign-phases"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    )
    expect(rows[0][2]).toBe(String(page.baseline.area.total))
    expect(rows[1][2]).toBe(String(page.phases[0].area.total))
    expect(rows[1][3]).toBe(String(page.phases[0].control.total))
    expect(rows[2][2]).toBe(String(page.phases[1].area.total))
    const chips = await g.page.$$eval('[data-testid="campaign-targets"] li .chip', (e) => e.map((x) => x.textContent!.trim()))
    expect(chips).toEqual(page.targets.map((t: Json) => STATUS[t.status]))
    await g.page.screenshot({ path: 'docs/screenshots/campaign-page.png' })

    // re-choosing the area as two grids: a new version whose area is their union, the community kept in the history
    // one grid of this community and one of another, so the new area is not the community again
    const codes = (await apiGet(g, `${s.url()}/api/v1/layers/grids`)).features.map((f: Json) => f.properties.code).sort()
    const grids = [codes.find((k: string) => k.startsWith(community)), codes.find((k: string) => !k.startsWith(community))]
    await g.page.click('[data-testid="campaign-edit-area"]')
    await g.page.waitForSelector(`[data-testid="area-edit-units"] option[value="${community}"]`)
    expect(await g.page.$$eval('[data-testid="area-edit-units"] option:checked', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      community,
    ])
    await g.page.click('[data-testid="area-edit-grids"]')
    await g.page.waitForSelector(`[data-testid="area-edit-units"] option[value="${grids[1]}"]`)
    await g.page.selectOption('[data-testid="area-edit-units"]', grids)
    await g.page.screenshot({ path: 'docs/screenshots/campaign-area-edit.png' })
    await g.page.click('[data-testid="area-edit-save"]')
    await g.page.waitForSelector('.side .note[role="status"]:has-text("第 2 版")', { timeout: 120_000 })
    await g.page.waitForSelector('[data-testid="campaign-page"][data-state="ready"]', { timeout: 120_000 })
    const moved = await apiGet(g, `${s.url()}/api/v1/campaigns/${id}`)
    expect(moved.campaign.area_source).toBe('grids')
    expect(moved.campaign.area_units).toEqual(grids)
    expect(moved.history.map((h: Json) => [...h.changed].sort())).toEqual([[], ['area_source', 'area_units', 'polygon']])
    expect(moved.history[0].snapshot.area_units).toEqual([community])
    expect(await g.page.textContent('[data-testid="campaign-area"]')).toBe(`${(moved.area_m2 / 1e6).toFixed(3)} km²`)
    expect(moved.area_m2).not.toBe(page.area_m2)

    await g.page.goto(`${s.url()}/campaigns/${id}/print`)
    await g.page.waitForSelector('[data-testid="campaign-print"][data-ready="true"]', { timeout: 120_000 })
    const pdf = await g.page.pdf({ format: 'A4', printBackground: true })
    const dir = await mkdtemp(join(tmpdir(), 'cgm-campaign-'))
    await writeFile(join(dir, 'c.pdf'), pdf)
    const info = (await run('pdfinfo', [join(dir, 'c.pdf')])).stdout
    expect(info).toMatch(/Pages:\s+1\n/)
    expect(info).toMatch(/Page size:.*\(A4\)/)
    const text = (await run('pdftotext', ['-layout', join(dir, 'c.pdf'), '-'])).stdout
    expect(text).toContain('社区门前三包攻坚')
    expect(text).toContain('集中创建')
    expect(text).toContain('完善提高')
    expect(text).toContain(STATUS[moved.targets[1].status])
    await g.page.screenshot({ path: 'docs/screenshots/campaign-print.png', fullPage: true })
    expect(g.errors).toEqual([])
  })
})
