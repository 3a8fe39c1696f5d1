/**
 * /patch on a phone (375×812), signed in as the demo inspector (the view needs a login): the list and
 * the map are both on screen, the list holds exactly the grid's open issues the API returns (overdue
 * first, then by deadline), points carry tap-to-call contacts, the route does not download the
 * charts, and the report form checks input in Chinese and shows the server's 201 / 422 / 400 outcomes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { gzippedJs } from './harness/bundle.ts'
import { pixelStats } from './harness/pixels.ts'
import { INSPECTOR } from './harness/accounts.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
const OPEN = 'reported,assigned,rectifying,rectified'
type Issue = { properties: { id: number; overdue: boolean; deadline: string | null } }

describe('/patch on a phone', () => {
  const s = useSession()
  let grid = ''
  let expected: Issue[] = []
  let pointCount = 0
  let phones = 0
  const api = async <T>(path: string): Promise<T> => (await fetch(`${s.url()}/api/v1${path}`)).json() as Promise<T>

  beforeAll(async () => {
    // The grid with the most open issues, so ordering and overdue colouring have something to show.
    const grids = await api<{ grid_code: string; open: number; overdue: number; points: number }[]>('/stats/grids')
    grid = grids.filter((g) => g.points > 0).sort((a, b) => b.overdue - a.overdue || b.open - a.open)[0].grid_code
    expected = (await api<{ features: Issue[] }>(`/issues?grid=${grid}&status=${OPEN}&limit=300`)).features
    pointCount = (await api<{ features: unknown[] }>(`/layers/points?grid=${grid}`)).features.length
    // The ledger's phones as a signed-in inspector sees them.
    const cookie = await loginCookie(s.url(), [INSPECTOR[0], INSPECTOR[1]])
    const ledger = (await (await fetch(`${s.url()}/api/v1/layers/points?grid=${grid}`, { headers: { cookie } })).json()) as {
      features: { properties: { contact_phone?: string } }[]
    }
    phones = ledger.features.filter((f) => f.properties.contact_phone).length
  })

  it("shows the map and the grid's open issues, overdue first then by deadline", async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, INSPECTOR)
    await waitForMap(g)
    await g.page.waitForSelector('[data-testid="patch-issues"]')
    const map = await g.page.$('[data-testid="map"]')
    const list = await g.page.$('[data-testid="patch-list"]')
    const [mb, lb] = [await map!.boundingBox(), await list!.boundingBox()]
    expect(mb!.height).toBeGreaterThan(200)
    expect(lb!.height).toBeGreaterThan(150)
    expect(mb!.y + mb!.height).toBeLessThanOrEqual(lb!.y + 1)
    expect(lb!.y).toBeLessThan(PHONE.height - 100)
    expect(pixelStats(await map!.screenshot()).colours).toBeGreaterThan(50)

    const shown = await g.page.$$eval('[data-testid="patch-issue"]', (els) => els.map((e) => e.classList.contains('overdue')))
    expect(expected.length).toBeGreaterThan(0)
    expect(shown.length).toBe(expected.length)
    const overdue = expected.filter((f) => f.properties.overdue).length
    expect(overdue).toBeGreaterThan(0)
    expect(shown).toEqual(expected.map((_, i) => i < overdue))
    // The red ones really are red.
    const color = await g.page.$eval('[data-testid="patch-issue"].overdue strong', (e) => getComputedStyle(e).color)
    expect(color).toBe('rgb(217, 54, 54)')
    const tab = await g.page.textContent('[data-testid="tab-issues"]')
    expect(tab).toContain(String(expected.length))
    // The phone view draws its dots with MapLibre: neither the charts nor deck.gl are downloaded.
    expect(g.requests.filter((r) => /echarts|deck|ScreenView|PlanView/.test(r))).toEqual([])
    // The issue's budget for the phone view: ≤ 600 KB of gzipped JavaScript on first load, the offline
    // queue (in /patch's chunk) and the service worker (/sw.js, fetched by the browser itself) included.
    const js = await gzippedJs(s.url(), [...g.requests, '/sw.js'])
    expect(js.files['/sw.js']).toBeGreaterThan(1000)
    expect(Object.keys(js.files).length).toBeGreaterThan(3)
    expect(js.total).toBeLessThanOrEqual(600 * 1024)
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it("lists the grid's field points with tap-to-call contacts for the signed-in inspector", async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, INSPECTOR)
    await g.page.waitForSelector('[data-testid="patch-issues"], .empty')
    await g.page.click('[data-testid="tab-points"]')
    expect(pointCount).toBeGreaterThan(0)
    await g.page.waitForSelector('[data-testid="patch-points"]')
    expect(await g.page.$$eval('[data-testid="patch-points"] li', (l) => l.length)).toBe(pointCount)
    expect(await g.page.$$('[data-testid="contacts-need-login"]')).toHaveLength(0)
    expect(await g.page.$$('a[href^="tel:"]')).toHaveLength(phones)
    expect(phones).toBeGreaterThan(0)
    expect(g.errors).toEqual([])
  })

  it('validates the report form in Chinese and reports a tapped point (201)', async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, INSPECTOR)
    await waitForMap(g)
    await g.page.click('[data-testid="report-open"]')
    await g.page.waitForSelector('[data-testid="report-form"] option:nth-child(3)', { state: 'attached' })
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const alerts = await g.page.$$eval('[role="alert"]', (els) => els.map((e) => e.textContent?.trim()))
    expect(alerts).toEqual(['请在地图上点选问题位置，或使用当前位置', '请选择问题类别', '问题描述至少 5 个字'])
    expect(g.requests.filter((r) => r === '/api/v1/issues')).toHaveLength(0)

    const mb = (await (await g.page.$('[data-testid="map"]'))!.boundingBox())!
    await g.page.mouse.click(mb.x + mb.width / 2, mb.y + mb.height / 2)
    // The pin is named by the grid under it: the one the map was fitted to.
    await g.page.waitForSelector('[data-testid="report-grid"]')
    expect(await g.page.getAttribute('[data-testid="report-grid"]', 'data-code')).toBe(grid)
    const category = await g.page.$eval('select[name="category"] option:nth-child(2)', (o) => (o as HTMLOptionElement).value)
    await g.page.selectOption('select[name="category"]', category)
    await g.page.fill('textarea[name="description"]', '端到端测试：路口垃圾桶满溢未清运')
    const posted = g.page.waitForResponse((r) => r.url().endsWith('/api/v1/issues') && r.request().method() === 'POST')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const res = await posted
    expect(res.status()).toBe(201)
    const created = (await res.json()) as { id: number; properties: { grid_code: string; category: string } }
    await g.page.waitForSelector('[data-testid="report-outcome"].created')
    expect(await g.page.textContent('[data-testid="report-outcome"]')).toMatch(/^上报成功/)
    // The server placed it in this grid (tapped at the centre of the map fitted to the grid).
    // (Read back through the public list: the detail with its timeline is for signed-in staff.)
    type Listed = { features: { properties: { id: number; grid_code: string; category: string } }[] }
    const listed = await api<Listed>(`/issues?grid=${grid}&limit=5000`)
    const detail = listed.features.find((f) => f.properties.id === created.id)
    expect(detail?.properties.category).toBe(category)
    expect(detail?.properties.grid_code).toBe(grid)
    expect(g.errors).toEqual([])
  })

  it('shows 422 for a device position outside the street and 400 for a rejected body', async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, INSPECTOR)
    await g.context.grantPermissions(['geolocation'])
    // 岳麓山, across the river: far outside 东塘街道.
    await g.context.setGeolocation({ longitude: 112.9353, latitude: 28.1836 })
    await waitForMap(g)
    await g.page.click('[data-testid="report-open"]')
    await g.page.waitForSelector('[data-testid="report-form"] option:nth-child(3)', { state: 'attached' })
    await g.page.click('text=使用当前位置')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="report-location"]')?.textContent?.includes('112.93530'))
    const category = await g.page.$eval('select[name="category"] option:nth-child(2)', (o) => (o as HTMLOptionElement).value)
    await g.page.selectOption('select[name="category"]', category)
    await g.page.fill('textarea[name="description"]', '端到端测试：街道范围外的位置')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="report-outcome"].outside')
    expect(await g.page.textContent('[data-testid="report-outcome"]')).toBe('该位置不在本街道范围内，请重新选择')

    // A category code the server's schema rejects (an option no real catalogue has) → 400.
    await g.page.$eval('select[name="category"]', (sel) => sel.append(new Option('bad', 'not valid!')))
    await g.page.selectOption('select[name="category"]', 'not valid!')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="report-outcome"].invalid')
    expect(await g.page.textContent('[data-testid="report-outcome"]')).toMatch(/^提交内容有误/)
    // The browser logs a failed (4xx) fetch as a console error; those two are the expected outcomes here.
    expect(g.errors.filter((e) => !/status of (422|400)/.test(e))).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
