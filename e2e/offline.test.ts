/**
 * The offline phone app in Chromium, against a server of its own (so it can be killed): grid01 opens
 * /patch online (the service worker installs and keeps their data), goes offline, reloads /patch (it
 * still opens with their issues), reports three issues with photos and rectifies one, closes the page
 * and reopens it online: exactly three new issues and one step reach the server, with their photos.
 * Then the same with the server killed (SIGKILL) in the middle of the sync and started again.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { spawnServer, type ServerProcess } from '../db/testing/server-process.ts'
import { launch } from './harness/browser.ts'
import { canvasPhoto } from './harness/photo.ts'
import { loginCookie } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
/** One of this helper's ports (COMMON rules): the origin must stay the same across the restart. */
const PORT = '5411'
const origin = `http://127.0.0.1:${PORT}`
type Issue = {
  id: number
  properties: { id: number; description: string; status: string; photos: string[]; events: { action: string; actor: string; photos?: string[] }[] }
}

describe('offline /patch', () => {
  let dataDir = ''
  let server: ServerProcess | null = null
  let browser: Awaited<ReturnType<typeof launch>>
  let cookie = ''
  /** the leader's session: sees the whole street, wherever on the map a report landed */
  let leaderCookie = ''
  let grid = ''

  const start = async () => {
    server = await spawnServer({ DATA_DIR: dataDir, SEED: 'none', PORT })
  }
  const api = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${origin}/api/v1${path}`, { headers: { cookie } })
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`)
    return (await r.json()) as T
  }
  const signIn = async () => {
    cookie = await loginCookie(origin, ['grid01', DEMO_PASSWORD])
    grids = (await api<{ user: { grids: string[] } }>('/auth/me')).user.grids
    leaderCookie = await loginCookie(origin, ['leader', DEMO_PASSWORD])
  }
  let grids: string[] = []

  /** An issue of grid01's to rectify: one already in hand, else a reported one a leader assigns now. */
  async function inHand(): Promise<Issue> {
    type L = { features: (Issue & { properties: { grid_code: string } })[] }
    const open = (await api<L>('/issues?status=assigned,rectifying&limit=50')).features.filter((f) => grids.includes(f.properties.grid_code))
    if (open[0]) return open[0]
    const reported = (await api<L>('/issues?status=reported&limit=500')).features.find((f) => grids.includes(f.properties.grid_code))!
    const lc = await loginCookie(origin, ['leader', DEMO_PASSWORD])
    const r = await fetch(`${origin}/api/v1/issues/${reported.properties.id}/transitions`, {
      method: 'POST',
      headers: { cookie: lc, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'assign' }),
    })
    expect(r.status).toBe(200)
    return reported
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cgm-offline-'))
    await cp(process.env.CGM_PGLITE_TEMPLATE!, join(dataDir, 'pglite'), { recursive: true })
    await start()
    await signIn()
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  /** A signed-in phone context whose /patch ran online once, with the service worker in control and the caches warm. */
  async function phone(): Promise<{ ctx: BrowserContext; page: Page }> {
    const LIST = '[data-testid="patch-issues"], .empty'
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })
    const res = await ctx.request.post(`${origin}/api/v1/auth/login`, { data: { username: 'grid01', password: DEMO_PASSWORD } })
    expect(res.status()).toBe(200)
    const page = await ctx.newPage()
    await page.goto(`${origin}/patch?grid=${grid}`)
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 })
    // the first load ran before the worker took control: once more, so its reads go through it
    await page.reload()
    await page.waitForSelector(LIST)
    await page.click('[data-testid="report-open"]')
    await page.waitForSelector('[data-testid="report-form"] option:nth-child(3)', { state: 'attached' })
    await page.click('[data-testid="report-form"] .close')
    await page.waitForLoadState('networkidle')
    return { ctx, page }
  }

  async function goOffline(ctx: BrowserContext) {
    await ctx.setOffline(true)
    // the service worker's own fetches too (Chromium's offline emulation may not reach it)
    await ctx.route('**', (r) => (r.request().serviceWorker() ? r.abort('internetdisconnected') : r.continue()))
  }
  async function goOnline(ctx: BrowserContext) {
    await ctx.unrouteAll()
    await ctx.setOffline(false)
  }

  async function reportOffline(page: Page, text: string, colour: string) {
    await page.click('[data-testid="report-open"]')
    await page.waitForSelector('[data-testid="report-form"] option:nth-child(3)', { state: 'attached' })
    const mb = (await (await page.$('[data-testid="map"]'))!.boundingBox())!
    await page.mouse.click(mb.x + mb.width / 2, mb.y + mb.height / 3)
    await page.waitForSelector('[data-testid="report-grid"]')
    const category = await page.$eval('select[name="category"] option:nth-child(2)', (o) => (o as HTMLOptionElement).value)
    await page.selectOption('select[name="category"]', category)
    await page.fill('textarea[name="description"]', text)
    await page.setInputFiles('[data-testid="report-photo"]', { name: 'p.png', mimeType: 'image/png', buffer: await canvasPhoto(page, colour) })
    await page.waitForSelector('[data-testid="report-photos"] img')
    await page.click('[data-testid="report-form"] button[type="submit"]')
    await page.waitForSelector('[data-testid="report-outcome"].queued')
    await page.click('[data-testid="report-form"] .close')
  }

  /** The street's issues whose description starts with `tag`, as the leader reads them (newest first). */
  const mine = async (tag: string) => {
    const r = await fetch(`${origin}/api/v1/issues?limit=500`, { headers: { cookie: leaderCookie } })
    if (!r.ok) throw new Error(`/issues: HTTP ${r.status}`)
    return ((await r.json()) as { features: Issue[] }).features.filter((f) => f.properties.description.startsWith(tag))
  }
  /** How many writes of grid01's wait in the phone's queue (IndexedDB), read in the page. */
  const queueLength = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('cgm-offline')
          open.onerror = () => reject(open.error)
          open.onsuccess = () => {
            const db = open.result
            if (!db.objectStoreNames.contains('writes')) return resolve(0)
            const all = db.transaction('writes').objectStore('writes').getAll()
            all.onsuccess = () => resolve((all.result as { user: string }[]).filter((w) => w.user === 'grid01').length)
            all.onerror = () => reject(all.error)
          }
        }),
    )
  /** The real end of a sync: the server has `n` issues tagged `tag` and the phone, still on /patch, has nothing queued. */
  async function synced(page: Page, tag: string, n: number, ms: number) {
    const until = Date.now() + ms
    let have = 0
    let left = -1
    while (Date.now() < until) {
      have = (await mine(tag).catch(() => [])).length
      left = await queueLength(page).catch(() => -1)
      if (have >= n && left === 0) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(new URL(page.url()).pathname).toBe('/patch')
    expect({ have, left }).toEqual({ have: n, left: 0 })
    await page.waitForFunction(() => !document.querySelector('[data-testid="sync-chip"]'), null, { timeout: 10_000 })
  }

  it('keeps reports and a rectification made offline and sends each exactly once when back online', async () => {
    const tag = `离线测试A${Date.now()}`
    const target = await inHand()
    grid = (target.properties as unknown as { grid_code: string }).grid_code
    const id = target.properties.id
    const { ctx, page } = await phone()
    // the open issue's sheet was warmed for offline use
    await page.waitForFunction((i) => caches.match(`/api/v1/issues/${i}`).then((r) => !!r), id, { timeout: 30_000 })
    const shown = await page.$$eval('[data-testid="patch-issue"]', (l) => l.length)

    await goOffline(ctx)
    await page.reload()
    await page.waitForSelector('[data-testid="patch-issues"]')
    expect(await page.$$eval('[data-testid="patch-issue"]', (l) => l.length)).toBe(shown)
    expect(await page.textContent('[data-testid="offline-flag"]')).toBe('离线')
    expect(
      await page.evaluate(() =>
        fetch('/api/v1/health').then(
          () => 'reached',
          () => 'offline',
        ),
      ),
    ).toBe('offline')

    for (const [k, c] of ['#d33', '#3a3', '#36c'].entries()) await reportOffline(page, `${tag} 第${k + 1}处 路边堆放杂物`, c)
    await page.goto(`${origin}/patch?issue=${id}`)
    await page.waitForSelector('[data-testid="step-rectify"]')
    await page.setInputFiles('[data-testid="sheet-photo"]', { name: 'a.png', mimeType: 'image/png', buffer: await canvasPhoto(page, '#eb3') })
    await page.waitForSelector('.photos img')
    await page.click('[data-testid="step-rectify"]')
    await page.waitForSelector('[data-testid="sheet-outcome"]')
    expect(await page.textContent('[data-testid="sheet-outcome"]')).toContain('待同步')
    expect(await page.getAttribute('[data-testid="sync-chip"]', 'data-count')).toBe('4')
    await page.screenshot({ path: 'docs/screenshots/offline-chip.png' })
    await page.click('[data-testid="sync-chip"]')
    await page.waitForSelector('[data-testid="sync-list"]')
    expect(await page.$$('[data-testid="sync-item"]')).toHaveLength(4)
    await page.screenshot({ path: 'docs/screenshots/offline-queue.png' })
    expect(await mine(tag)).toHaveLength(0)
    await page.close()

    await goOnline(ctx)
    const again = await ctx.newPage()
    await again.goto(`${origin}/patch`)
    await synced(again, tag, 3, 60_000)
    const made = await mine(tag)
    expect(made).toHaveLength(3)
    for (const f of made) {
      const d = await api<Issue>(`/issues/${f.properties.id}`)
      expect(d.properties.photos).toHaveLength(1)
    }
    const after = await api<Issue>(`/issues/${id}`)
    expect(after.properties.status).toBe('rectified')
    const steps = after.properties.events.filter((e) => e.action === 'rectify' && e.actor === 'grid01')
    expect(steps).toHaveLength(1)
    expect(after.properties.photos.length).toBeGreaterThanOrEqual(1)
    // and they appear on the wall display (/screen, in a browser context of its own): its newest list holds the three reports
    const wall = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    const screen = await wall.newPage()
    await screen.goto(`${origin}/screen`)
    const ids = made.map((f) => f.properties.id)
    await screen.waitForFunction((want) => want.every((i) => document.querySelector(`[data-testid="newest"] [data-issue="${i}"]`)), ids, {
      timeout: 30_000,
      polling: 100,
    })
    await wall.close()
    await ctx.close()
  })

  it('sends each exactly once when the server is killed mid-sync and started again', async () => {
    const tag = `离线测试B${Date.now()}`
    grid = grids[0]
    const { ctx, page } = await phone()
    await goOffline(ctx)
    await page.reload()
    await page.waitForSelector('[data-testid="patch-issues"], .empty')
    for (const [k, c] of ['#c33', '#3c3', '#33c'].entries()) await reportOffline(page, `${tag} 第${k + 1}处 井盖破损`, c)
    await page.close()

    let posts = 0
    let killed: Promise<void> | null = null
    ctx.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/issues' && ++posts === 2) killed = server!.stop('SIGKILL')
    })
    await goOnline(ctx)
    const again = await ctx.newPage()
    await again.goto(`${origin}/patch`)
    const until = Date.now() + 30_000
    while (!killed && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
    expect(killed).not.toBeNull()
    await killed
    // while the server is away (a proxy answering 502 for it), the phone is opened again: it must stay
    // on /patch with its queue, not be sent to /login (where the sync would stop)
    await ctx.route('**/api/v1/auth/me', (r) => r.fulfill({ status: 502, body: 'Bad Gateway' }))
    await again.reload()
    await again.waitForSelector('[data-testid="sync-chip"]')
    expect(new URL(again.url()).pathname).toBe('/patch')
    expect(await queueLength(again)).toBeGreaterThan(0)
    await ctx.unroute('**/api/v1/auth/me')
    await start()
    await signIn()
    await synced(again, tag, 3, 120_000)
    const made = await mine(tag)
    expect(made.map((f) => f.properties.description).sort()).toEqual([1, 2, 3].map((k) => `${tag} 第${k}处 井盖破损`))
    for (const f of made) expect((await api<Issue>(`/issues/${f.properties.id}`)).properties.photos).toHaveLength(1)
    await ctx.close()
  }, 240_000)
})
