/**
 * A district of streets in the browser, on a server of its own: the test database's 东塘 plus the
 * four synthetic neighbours (a tenth of their demo issues). /district shows every street as the API
 * ranks it and draws the district map; a street opens its wall; the switcher moves every page to
 * another street; the login page names the street; a street's leader is refused the district view.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_PASSWORD, DISTRICT_DEMO, ensureAccounts, ensureDistrictDemo } from '../api/auth/bootstrap.ts'
import { openPglite } from '../db/pglite.ts'
import { seedNeighbours } from '../db/seed/neighbours.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from '../db/testing/constants.ts'
import { spawnServer, type ServerProcess } from '../db/testing/server-process.ts'
import { guardedPage, launch, type GuardedPage } from './harness/browser.ts'
import { pixelStats } from './harness/pixels.ts'
import { waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

let server: ServerProcess
let dataDir: string
let browser: Browser
const pages: GuardedPage[] = []
const WEST = '430111904'

beforeAll(async () => {
  void inject('e2eUrl') // the shared server is not used: this file needs several streets
  dataDir = await mkdtemp(join(tmpdir(), 'cgm-e2e-district-'))
  await cp(process.env.CGM_PGLITE_TEMPLATE!, join(dataDir, 'pglite'), { recursive: true })
  const db = await openPglite(join(dataDir, 'pglite'))
  await seedNeighbours(db, TEST_NOW, () => {}, 0.1)
  await ensureAccounts(db, { adminPassword: TEST_ADMIN_PASSWORD, log: () => {}, passwordCost: TEST_PASSWORD_COST })
  await ensureDistrictDemo(db, 1, TEST_PASSWORD_COST)
  await db.close()
  server = await spawnServer({ DATA_DIR: dataDir, SEED: 'none' })
  browser = await launch()
})

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function open(route: string, viewport = { width: 1440, height: 900 }): Promise<GuardedPage> {
  const g = await guardedPage(browser, server.url, viewport)
  pages.push(g)
  await g.page.goto(server.url + route, { waitUntil: 'load' })
  return g
}

describe('/district', () => {
  it('shows every street as GET /district ranks it, on a drawn map; a street opens its wall', async () => {
    const g = await open('/district')
    await g.page.waitForSelector('[data-testid="district-board"] tbody tr')
    await waitForMap(g, 60_000)
    const rows = await g.page.$$eval('[data-testid="district-board"] tbody tr', (trs) =>
      trs.map((tr) => ({ code: tr.getAttribute('data-code'), total: Number(tr.querySelector('[data-col="total"]')!.textContent) })),
    )
    const shown = await g.page.evaluate(async () => {
      const to = new Date()
      const from = new Date(to.getTime() - 30 * 86_400_000)
      return (await (await fetch(`/api/v1/district?by=rectification_rate&from=${from.toISOString()}&to=${to.toISOString()}`)).json()).streets
    })
    expect(rows).toHaveLength(5)
    expect(rows).toEqual(shown.map((s: Json) => ({ code: s.code, total: s.total })))
    expect(await g.page.textContent('[data-testid="district-board"]')).toContain('合成演示')
    // the map drew the coloured outlines: many colours, not a blank background
    const stats = pixelStats(await (await g.page.$('canvas.maplibregl-canvas'))!.screenshot())
    expect(stats.colours).toBeGreaterThan(5)
    expect(stats.stddev).toBeGreaterThan(10)
    // every street is named, and no two names sit on top of each other (the narrow 西郊 beside 东塘 did)
    const labels = await g.page.$$eval('.district-label', (els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))
    expect(labels).toHaveLength(5)
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1))
        expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, JSON.stringify([a, b])).toBe(false)

    await g.page.click(`[data-testid="district-board"] tr[data-code="${WEST}"]`)
    await g.page.waitForURL((u) => u.pathname === '/screen')
    const streets = (await (await g.context.request.get(`${server.url}/api/v1/streets`)).json()) as Json[]
    const west = streets.find((s) => s.current)!
    expect(west.code).toBe(WEST)
    // the wall names the street it shows, not the first customer's
    await g.page.waitForFunction((name) => document.querySelector('h1')?.textContent?.includes(name), west.name)
    expect(await g.page.textContent('h1')).not.toContain('东塘')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('the wall has a district mode', async () => {
    const g = await open('/screen?mode=district', { width: 1920, height: 1080 })
    await g.page.waitForSelector('[data-testid="district-wall"] [data-testid="district-board"] tbody tr')
    expect(await g.page.$$eval('[data-testid="district-wall"] tbody tr', (trs) => trs.length)).toBe(5)
    // the district's title, and no single street's KPI tiles above the streets
    expect(await g.page.textContent('h1')).toContain('区级指挥中心')
    expect(await g.page.$('.kpis')).toBeNull()
    expect(g.errors).toEqual([])
  })

  it('the street switcher moves a page to another street', async () => {
    const g = await open('/points')
    await g.page.waitForSelector('[data-testid="street-switcher"] select')
    await g.page.waitForLoadState('networkidle')
    await Promise.all([g.page.waitForEvent('load'), g.page.selectOption('[data-testid="street-switcher"] select', WEST)])
    await g.page.waitForLoadState('networkidle')
    expect(await g.page.inputValue('[data-testid="street-switcher"] select')).toBe(WEST)
    const body = await g.page.textContent('body')
    expect(body).toContain('西郊')
    expect(body).not.toContain('东塘街道芙蓉')
    // the tab's title follows the chosen street
    expect(await g.page.title()).toContain('西郊')
    expect(g.errors).toEqual([])
  })

  it("the login page names the street; the district account sees the district, a street's leader is refused", async () => {
    const g = await open('/login?next=/district')
    await g.page.waitForSelector('[data-testid="login-street"]')
    await g.page.selectOption('[data-testid="login-street"]', '430111005')
    await g.page.fill('input[name="username"]', DISTRICT_DEMO.username)
    await g.page.fill('input[name="password"]', DEMO_PASSWORD)
    await g.page.click('[data-testid="login-form"] button[type="submit"]')
    await g.page.waitForURL((u) => u.pathname === '/district')
    await g.page.waitForSelector('[data-testid="district-board"] tbody tr')
    expect(await g.page.$$eval('[data-testid="district-board"] tbody tr', (trs) => trs.length)).toBe(5)

    const h = await open('/login?next=/district')
    await h.page.waitForSelector('[data-testid="login-street"]')
    await h.page.selectOption('[data-testid="login-street"]', WEST)
    await h.page.fill('input[name="username"]', 'leader')
    await h.page.fill('input[name="password"]', DEMO_PASSWORD)
    await h.page.click('[data-testid="login-form"] button[type="submit"]')
    await h.page.waitForSelector('[data-testid="district-forbidden"]')
    // only its own street: no switcher choice beyond it
    const mine = (await (await h.context.request.get(`${server.url}/api/v1/streets`)).json()) as Json[]
    expect(mine.map((s) => s.code)).toEqual([WEST])
    expect(h.errors.filter((e) => !/status of 403/.test(e))).toEqual([])
  })
})
