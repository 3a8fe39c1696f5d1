/**
 * Data in, in the browser: an admin imports the point ledger in /admin — a workbook with a bad row is
 * refused with that row, column and reason and nothing changes; the corrected workbook shows its counts
 * in the dry run, imports, and the API then has the new name; the same file again changes nothing. A
 * 12345 order the locator cannot place waits in /plan's 待定位 queue and, placed on the map, becomes an
 * issue carrying its 工单号 at the tapped place.
 */
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN } from './harness/accounts.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('点位台账')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('data in, in the browser', () => {
  const s = useSession()
  let cookie = ''
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  beforeAll(async () => {
    cookie = await loginCookie(s.url(), [ADMIN[0], ADMIN[1]])
  })

  it('refuses a ledger with a bad row (row, column, reason), then imports the corrected one once', async () => {
    const points = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features as Json[]
    const [a, b] = points.map((p) => p.properties).sort((x, y) => x.code.localeCompare(y.code))
    const renamed = `${a.name}（导入测试）`
    const header = ['编号', '名称', '类别']
    // Row 3 (as Excel numbers it: the header is row 1) names a class that does not exist.
    const bad = await workbook([header, [a.code, renamed, a.class_code], [b.code, b.name, 'no_such_class']])
    const good = await workbook([header, [a.code, renamed, a.class_code], [b.code, b.name, b.class_code]])

    const g = await s.open('/admin?tab=imports', { width: 1440, height: 900 }, 1, ADMIN)
    await g.page.click('[data-testid="import-points"]')
    await g.page.setInputFiles('[data-testid="import-file"]', { name: '点位台账.xlsx', mimeType: 'application/octet-stream', buffer: bad })
    await g.page.waitForSelector('[data-testid="import-dialog"][data-phase="checked"]', { timeout: 60_000 })
    expect(await g.page.textContent('[data-testid="import-rows"]')).toBe('2')
    expect(await g.page.textContent('[data-testid="import-error-count"]')).toBe('1')
    const errs = await g.page.$$eval('[data-testid="import-errors"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)))
    expect(errs).toHaveLength(1)
    expect(errs[0][0]).toBe('3')
    expect(errs[0][1]).toBe('类别')
    expect(errs[0][2]!.length).toBeGreaterThan(2)
    expect(await g.page.isDisabled('[data-testid="import-confirm"]')).toBe(true)
    // The dry run changed nothing.
    const still = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features.find((p: Json) => p.properties.code === a.code)
    expect(still.properties.name).toBe(a.name)

    await g.page.setInputFiles('[data-testid="import-file"]', { name: '点位台账.xlsx', mimeType: 'application/octet-stream', buffer: good })
    await g.page.waitForSelector('[data-testid="import-dialog"][data-phase="checked"]', { timeout: 60_000 })
    expect(await g.page.textContent('[data-testid="import-error-count"]')).toBe('0')
    expect(await g.page.textContent('[data-testid="import-updated"]')).toBe('1')
    expect(await g.page.textContent('[data-testid="import-created"]')).toBe('0')
    await g.page.click('[data-testid="import-confirm"]')
    await g.page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 })
    const now = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features.find((p: Json) => p.properties.code === a.code)
    expect(now.properties.name).toBe(renamed)

    // The same file again: nothing to create or update.
    await g.page.setInputFiles('[data-testid="import-file"]', { name: '点位台账.xlsx', mimeType: 'application/octet-stream', buffer: good })
    await g.page.waitForSelector('[data-testid="import-dialog"][data-phase="checked"]', { timeout: 60_000 })
    expect(await g.page.textContent('[data-testid="import-updated"]')).toBe('0')
    expect(await g.page.textContent('[data-testid="import-created"]')).toBe('0')
    expect(g.errors).toEqual([])
  }, 180_000)

  it('places a 12345 order the locator could not, from /plan’s 待定位 queue', async () => {
    const caseNo = `E2E${Date.now()}`
    const filed = await api('POST', '/hotline/cases', {
      case_no: caseNo,
      reported_at: new Date(Date.now() - 3_600_000).toISOString(),
      description: '市民反映小区门口有垃圾堆放，多日无人清理',
      category: 'clutter',
      address: '某某地方附近',
    })
    expect(filed.status).toBe(201)
    expect(filed.body.located).toBe(false)

    const g = await s.open('/plan', { width: 1440, height: 900 }, 1, ADMIN)
    await waitForMap(g)
    const item = await g.page.waitForSelector(`[data-testid="hotline-queue"] li[data-case="${caseNo}"]`)
    await (await item.$('[data-testid="hotline-place"]'))!.click()
    await g.page.waitForSelector('[data-testid="hotline-dialog"] canvas.maplibregl-canvas')
    await g.page.waitForTimeout(1500)
    const box = (await (await g.page.$('[data-testid="hotline-dialog"] .map'))!.boundingBox())!
    await g.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await g.page.waitForSelector('[data-testid="place-pin"]')
    await g.page.click('[data-testid="hotline-confirm"]')
    const note = await g.page.waitForSelector('[data-testid="hotline-placed"]')
    const id = Number((await note.textContent())!.match(/#(\d+)/)![1])
    const issue = (await api('GET', `/issues/${id}`)).body
    expect(issue.properties.case_no).toBe(caseNo)
    expect(issue.properties.description).toContain('垃圾堆放')
    // The sheet names the 工单号.
    await g.page.goto(`${s.url()}/patch?issue=${id}`)
    expect(await (await g.page.waitForSelector('[data-testid="sheet-case-no"]')).textContent()).toContain(caseNo)
    // Gone from the queue.
    expect((await api('GET', '/hotline/unlocated')).body.cases.some((c: Json) => c.case_no === caseNo)).toBe(false)
    expect(g.errors).toEqual([])
  }, 180_000)

  it('the 地名库 in /admin: an alias an admin adds makes a shortened name locatable', async () => {
    const points = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features as Json[]
    const market = points.map((p) => p.properties).find((p) => p.name.endsWith('农贸市场'))
    const short = market.name.replace('农贸市场', '农贸')
    const g = await s.open('/admin?tab=gazetteer', { width: 1440, height: 900 }, 1, ADMIN)
    const tryIt = async () => {
      await g.page.fill('[data-testid="gazetteer-try"] input', `${short}门口`)
      await g.page.click('[data-testid="gazetteer-try"] button')
      return (await g.page.waitForSelector('[data-testid="gazetteer-answer"]')).textContent()
    }
    expect(await tryIt()).toContain('待定位')
    await g.page.fill('[data-testid="gazetteer-alias-add"] input[list]', market.name)
    await g.page.fill('[data-testid="gazetteer-alias-add"] input:not([list])', short)
    await g.page.click('[data-testid="gazetteer-alias-add"] button')
    await g.page.waitForSelector(`[data-testid="gazetteer-aliases"] td:text-is("${short}")`)
    expect(await tryIt()).toContain(`匹配到「${market.name}」`)
    expect(await g.page.textContent('[data-testid="gazetteer-answer"]')).toContain('自动落点')
    // Added through the page, read back through the API.
    expect((await api('GET', '/admin/gazetteer')).body.aliases.some((a: Json) => a.alias === short && a.target === market.name)).toBe(true)
    await g.page.screenshot({ path: 'docs/screenshots/admin-gazetteer.png' })
    await g.page.click(`[data-testid="gazetteer-aliases"] tr:has(td:text-is("${short}")) button`)
    await g.page.waitForSelector('[data-testid="gazetteer-aliases"]', { state: 'detached' })
    expect((await api('GET', '/admin/gazetteer')).body.aliases.some((a: Json) => a.alias === short)).toBe(false)
    expect(g.errors).toEqual([])
  }, 120_000)

  it('shows 回访满意率 and the 12345 按时办结率 on /plan and on the wall as /indicators computes them', async () => {
    // A 回访 on a closed issue, so the rate has a denominator.
    const closed = (await api('GET', '/issues?status=closed&limit=1')).body.features[0].properties.id
    const cb = await api('POST', `/issues/${closed}/callback`, { satisfaction: 'basically_satisfied', note: '电话回访，基本满意' })
    expect(cb.status).toBe(201)
    const street = (await api('GET', '/indicators?by=street')).body.rows[0]
    expect(street.callback_satisfaction_rate).not.toBeNull()
    const wall = await s.open('/screen', { width: 1920, height: 1080 })
    await wall.page.waitForFunction(
      () => {
        const t = document.querySelector('[data-kpi="callback"] .num')?.textContent
        return t !== undefined && t !== '—'
      },
      undefined,
      { timeout: 90_000 },
    )
    expect(await wall.page.textContent('[data-kpi="callback"] .num')).toBe((street.callback_satisfaction_rate * 100).toFixed(1))
    const hot = street.hotline_on_time_rate === null ? '—' : `${(street.hotline_on_time_rate * 100).toFixed(0)}%`
    expect(await wall.page.textContent('[data-kpi="callback"] [data-testid="kpi-note"]')).toContain(hot)

    // /plan: the tiles show the street's indicators under the page's own window (read from its request).
    const g = await s.open('/plan', { width: 1440, height: 900 }, 1, ADMIN)
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/indicators') && r.url().includes('by=street'))
    await g.page.reload()
    const url = (await asked).url()
    const inWindow = ((await (await fetch(url, { headers: { cookie } })).json()) as Json).rows[0]
    const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
    await g.page.waitForFunction(() => document.querySelector('[data-testid="plan-on-time"]')?.textContent?.trim() !== '—')
    expect((await g.page.textContent('[data-testid="plan-callback"]'))!.trim()).toBe(pct(inWindow.callback_satisfaction_rate))
    expect((await g.page.textContent('[data-testid="plan-hotline-on-time"]'))!.trim()).toBe(pct(inWindow.hotline_on_time_rate))
  }, 180_000)
})
