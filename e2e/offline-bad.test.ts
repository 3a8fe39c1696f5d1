/**
 * The offline phone app's bad-input outcomes, in Chromium against a server of its own:
 * - installability: the manifest the page links is served with name, icons, start_url and display,
 *   and the service worker controls /patch;
 * - a queued step whose issue moved on (409), was merged (409 + the merge) or is gone (404): held
 *   with what happened and what to do in Chinese, kept across a reload, retry answers the same, discard removes it;
 * - a queued photo whose bytes are not an image: held with the reason, "send without this photo" sends the rest;
 * - logging out keeps the user's queue on the phone for that user only: another user on the same
 *   phone neither sees nor sends it; the owner, signed in again, sends it.
 * Items for the 409/404/corrupt cases are put into the queue (IndexedDB) in the shape the app stores
 * them (queue.db.ts): the app cannot make such an item itself while online, nor re-encode bad bytes.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { spawnServer, type ServerProcess } from '../db/testing/server-process.ts'
import { launch } from './harness/browser.ts'
import { loginCookie } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
/** One of this helper's ports (COMMON rules): the service worker's origin. */
const PORT = '5412'
const origin = `http://127.0.0.1:${PORT}`
type Json = Record<string, unknown>
type Feature = { properties: { id: number; status: string; grid_code: string; description: string; photos: string[]; events: { action: string }[] } }

describe('offline /patch: bad input', () => {
  let dataDir = ''
  let server: ServerProcess | null = null
  let browser: Awaited<ReturnType<typeof launch>>
  const cookies: Record<string, string> = {}

  const signIn = async (username: string) => {
    cookies[username] = await loginCookie(origin, [username, DEMO_PASSWORD])
  }
  const call = async (user: string, method: string, path: string, body?: Json) => {
    const r = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { cookie: cookies[user], ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: r.status, body: (await r.json().catch(() => null)) as Json }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cgm-offline-bad-'))
    await cp(process.env.CGM_PGLITE_TEMPLATE!, join(dataDir, 'pglite'), { recursive: true })
    server = await spawnServer({ DATA_DIR: dataDir, SEED: 'none', PORT })
    await signIn('grid01')
    await signIn('leader')
    await signIn('inspector')
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  /** A phone context signed in as `user` with /patch open and the service worker in control. */
  async function phone(user = 'grid01'): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })
    expect((await ctx.request.post(`${origin}/api/v1/auth/login`, { data: { username: user, password: DEMO_PASSWORD } })).status()).toBe(200)
    const page = await ctx.newPage()
    await page.goto(`${origin}/patch`)
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 })
    await page.reload()
    if (user === 'grid01') await page.waitForSelector('[data-testid="patch-issues"], .empty')
    else await page.waitForLoadState('networkidle')
    return { ctx, page }
  }

  /** Puts an item into the phone's queue as queue.db.ts stores it; a photo given as bytes becomes a Blob. */
  const enqueue = (page: Page, item: Json, photo?: { bytes: number[]; type: string }) =>
    page.evaluate(
      ([w, ph]) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('cgm-offline')
          open.onsuccess = () => {
            const photos = ph ? [{ key: crypto.randomUUID(), blob: new Blob([new Uint8Array(ph.bytes)], { type: ph.type }) }] : []
            const add = open.result
              .transaction('writes', 'readwrite')
              .objectStore('writes')
              .add({ key: crypto.randomUUID(), at: new Date().toISOString(), state: 'waiting', photos, ...w })
            add.onsuccess = () => resolve(add.result as number)
            add.onerror = () => reject(add.error)
          }
          open.onerror = () => reject(open.error)
        }),
      [item, photo ?? null] as const,
    )
  /** The queue as stored (every user's items). */
  const stored = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<{ user: string; state: string; label: string; problem?: { status: number; code: string } }[]>((resolve, reject) => {
          const open = indexedDB.open('cgm-offline')
          open.onsuccess = () => {
            const all = open.result.transaction('writes').objectStore('writes').getAll()
            all.onsuccess = () => resolve(all.result)
            all.onerror = () => reject(all.error)
          }
          open.onerror = () => reject(open.error)
        }),
    )
  /** The held item's two sentences, by its label. */
  const heldText = async (page: Page, label: string) => {
    const item = page.locator('[data-testid="sync-item"]', { hasText: label })
    await item.locator('[data-testid="sync-why"]').waitFor()
    return { what: await item.locator('[data-testid="sync-why"]').textContent(), todo: await item.locator('[data-testid="sync-todo"]').textContent() }
  }
  const openList = async (page: Page) => {
    await page.click('[data-testid="sync-chip"]')
    await page.waitForSelector('[data-testid="sync-list"]')
  }

  /** A new issue in one of grid01's grids, reported by the leader, and assigned when `assigned` is asked. */
  async function issueOf(status: 'reported' | 'assigned'): Promise<Feature> {
    const { category, lon, lat } = await somewhere()
    const r = await call('leader', 'POST', '/issues', { category, lon, lat, crs: 'wgs84', description: `离线坏输入 ${status} ${Date.now()}` })
    expect(r.status).toBe(201)
    const f = r.body as unknown as Feature
    if (status === 'assigned') expect((await call('leader', 'POST', `/issues/${f.properties.id}/transitions`, { action: 'assign' })).status).toBe(200)
    return f
  }

  /** A place and category a report can carry: those of an issue grid01 may see (in the street, in one of their grids). */
  async function somewhere(): Promise<{ category: string; lon: number; lat: number }> {
    const me = (await call('grid01', 'GET', '/auth/me')).body.user as { grids: string[] }
    type F = { properties: { category: string; grid_code: string }; geometry: { coordinates: [number, number] } }
    const f = ((await call('leader', 'GET', '/issues?limit=500')).body.features as F[]).find((x) => me.grids.includes(x.properties.grid_code))!
    const [lon, lat] = f.geometry.coordinates
    return { category: f.properties.category, lon, lat }
  }

  it('is installable: the linked manifest has name, icons, start_url and display, and the service worker controls /patch', async () => {
    const { ctx, page } = await phone()
    const found = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href
      if (!href) return null
      const res = await fetch(href)
      const m = (await res.json()) as {
        name: string
        short_name: string
        start_url: string
        display: string
        icons: { src: string; sizes: string }[]
      }
      const icons = await Promise.all(m.icons.map(async (i) => ({ sizes: i.sizes, type: (await fetch(i.src)).headers.get('content-type') })))
      const reg = await navigator.serviceWorker.getRegistration('/patch')
      return {
        type: res.headers.get('content-type'),
        name: m.name,
        start: new URL(m.start_url, href).pathname,
        display: m.display,
        icons,
        controller: navigator.serviceWorker.controller?.scriptURL ?? null,
        scope: reg?.scope ?? null,
        active: reg?.active?.state ?? null,
      }
    })
    expect(found).not.toBeNull()
    expect(found!.type).toMatch(/manifest\+json|application\/json/)
    expect(found!.name).toContain('创城一张图')
    expect(found!.start).toBe('/patch')
    expect(['standalone', 'fullscreen', 'minimal-ui']).toContain(found!.display)
    expect(found!.icons).toEqual(
      expect.arrayContaining([
        { sizes: '192x192', type: 'image/png' },
        { sizes: '512x512', type: 'image/png' },
      ]),
    )
    expect(found!.controller).toBe(`${origin}/sw.js`)
    expect(found!.scope).toBe(`${origin}/`)
    expect(found!.active).toBe('activated')
    await ctx.close()
  })

  it('holds a queued step whose issue moved on, was merged or is gone, explains it in Chinese, keeps it, retries and discards', async () => {
    const moved = await issueOf('assigned')
    const dup = await issueOf('reported')
    const main = await issueOf('reported')
    const { ctx, page } = await phone()
    await ctx.setOffline(true)
    // made offline: 开始整改 on an issue in hand, 开始整改 on one that a leader merges meanwhile, 整改完成 on an id that no longer exists
    await enqueue(page, { user: 'grid01', kind: 'step', label: '已接单，开始清理', issue: moved.properties.id, body: { action: 'start' } })
    await enqueue(page, { user: 'grid01', kind: 'step', label: '开始处理占道经营', issue: dup.properties.id, body: { action: 'start' } })
    await enqueue(page, {
      user: 'grid01',
      kind: 'step',
      label: '整改完成：垃圾已清运',
      issue: 999_999_999,
      body: { action: 'rectify', note: '已清理' },
    })
    // meanwhile on the server: grid01 (on another phone) started and finished the first; the leader merged the second
    expect((await call('grid01', 'POST', `/issues/${moved.properties.id}/transitions`, { action: 'start' })).status).toBe(200)
    expect(
      (await call('leader', 'POST', `/issues/${dup.properties.id}/transitions`, { action: 'merge', target_id: main.properties.id })).status,
    ).toBe(200)

    await ctx.setOffline(false)
    await page.reload()
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-chip"]')?.classList.contains('held'), null, { timeout: 30_000 })
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sync-chip"]')?.getAttribute('data-count') === '3' &&
        !document.querySelector('[data-testid="sync-progress"]'),
    )
    await openList(page)
    const m = await heldText(page, '已接单，开始清理')
    expect(m.what).toContain(`问题 #${moved.properties.id} 在您离线期间已有变化`)
    expect(m.what).toContain('grid01')
    expect(m.what).toContain('整改中')
    expect(m.todo).toContain('放弃此条')
    const g = await heldText(page, '开始处理占道经营')
    expect(g.what).toBe(`问题 #${dup.properties.id} 已被合并到问题 #${main.properties.id}（${g.what!.match(/（(.*)）/)![1]}），不能再对它操作。`)
    expect(g.what).toContain('leader')
    expect(g.todo).toContain(`主问题 #${main.properties.id}`)
    const d = await heldText(page, '整改完成：垃圾已清运')
    expect(d.what).toContain('已被删除')
    expect(d.todo).toContain('请放弃')
    await page.screenshot({ path: 'docs/screenshots/offline-held.png' })
    // nothing was written: the merged one is still closed as a merge, the moved one still 整改中
    expect(((await call('leader', 'GET', `/issues/${dup.properties.id}`)).body.properties as Feature['properties']).events.at(-1)!.action).toBe(
      'merge',
    )
    expect(((await call('leader', 'GET', `/issues/${moved.properties.id}`)).body.properties as Feature['properties']).status).toBe('rectifying')

    // kept on the phone across a reload, all three held with their answers
    await page.reload()
    await page.waitForSelector('[data-testid="sync-chip"].held')
    const kept = (await stored(page)).filter((w) => w.user === 'grid01')
    expect(kept.map((w) => [w.label, w.state, w.problem?.status])).toEqual([
      ['已接单，开始清理', 'held', 409],
      ['开始处理占道经营', 'held', 409],
      ['整改完成：垃圾已清运', 'held', 404],
    ])
    // retry asks the server again: the same answer, still held
    await openList(page)
    const gone = page.locator('[data-testid="sync-item"]', { hasText: '整改完成：垃圾已清运' })
    const answered = page.waitForResponse((r) => r.url().endsWith('/issues/999999999/transitions'))
    await gone.locator('[data-testid="sync-retry"]').click()
    expect((await answered).status()).toBe(404)
    await gone.locator('[data-testid="sync-why"]').waitFor()
    expect(await page.locator('[data-testid="sync-item"]').count()).toBe(3)
    // discard asks first; dismissed, the item stays; accepted, it goes
    page.once('dialog', (dl) => void dl.dismiss())
    await gone.locator('[data-testid="sync-discard"]').click()
    expect(await page.locator('[data-testid="sync-item"]').count()).toBe(3)
    page.on('dialog', (dl) => void dl.accept())
    for (const label of ['整改完成：垃圾已清运', '开始处理占道经营', '已接单，开始清理']) {
      await page.locator('[data-testid="sync-item"]', { hasText: label }).locator('[data-testid="sync-discard"]').click()
      await page.locator('[data-testid="sync-item"]', { hasText: label }).waitFor({ state: 'detached' })
    }
    expect((await stored(page)).filter((w) => w.user === 'grid01')).toHaveLength(0)
    await ctx.close()
  })

  it('holds a report whose queued photo is not an image, and sends it without that photo', async () => {
    const tag = `坏照片${Date.now()}`
    const { ctx, page } = await phone()
    const { category, lon, lat } = await somewhere()
    await ctx.setOffline(true)
    await enqueue(
      page,
      {
        user: 'grid01',
        kind: 'report',
        label: tag,
        body: { category, description: `${tag} 占道经营`, lon, lat, crs: 'wgs84', source: 'inspection' },
      },
      { bytes: [...Buffer.from('this is not a JPEG, just text the storage kept')], type: 'image/jpeg' },
    )
    await ctx.setOffline(false)
    await page.reload()
    await page.waitForSelector('[data-testid="sync-chip"].held', { timeout: 30_000 })
    await openList(page)
    const item = page.locator('[data-testid="sync-item"]', { hasText: tag })
    const why = await heldText(page, tag)
    expect(why.what).toMatch(/^第 1 张照片已损坏，服务器无法识别（.+）。$/)
    expect(why.todo).toContain('去掉这张照片后发送')
    const held = (await stored(page)).find((w) => w.label === tag)!
    expect(held.problem!.status).toBe(422)
    // nothing half-written: no issue with this text yet
    const on = async () =>
      ((await call('leader', 'GET', '/issues?status=reported&limit=200')).body.features as Feature[]).filter((f) =>
        f.properties.description.startsWith(tag),
      )
    expect(await on()).toHaveLength(0)
    await item.locator('[data-testid="sync-drop-photo"]').click()
    await item.waitFor({ state: 'detached', timeout: 30_000 })
    const made = await on()
    expect(made).toHaveLength(1)
    expect(((await call('leader', 'GET', `/issues/${made[0].properties.id}`)).body.properties as Feature['properties']).photos).toHaveLength(0)
    await ctx.close()
  })

  it('keeps a queue for its own user across logout: another user (the inspector) on the phone neither sees nor sends it', async () => {
    const tag = `换人${Date.now()}`
    const { ctx, page } = await phone('grid01')
    const { category, lon, lat } = await somewhere()
    await ctx.setOffline(true)
    await enqueue(page, {
      user: 'grid01',
      kind: 'report',
      label: tag,
      body: { category, description: `${tag} 垃圾堆放`, lon, lat, crs: 'wgs84', source: 'inspection' },
    })
    const posted: string[] = []
    ctx.on('request', (r) => r.method() === 'POST' && posted.push(new URL(r.url()).pathname))
    const writes = () => posted.filter((p) => p.startsWith('/api/v1/issues') || p.startsWith('/api/v1/photos'))
    // grid01 taps 退出 while still offline (the server cannot be told: the browser drops its cookie
    // here as the server's answer would), the phone comes online, and the inspector signs in on it
    await page.click('[data-testid="logout"]')
    await page.waitForURL(/\/login/)
    await ctx.clearCookies()
    await ctx.setOffline(false)
    await page.waitForTimeout(1500)
    expect(writes()).toEqual([])
    expect((await ctx.request.post(`${origin}/api/v1/auth/login`, { data: { username: 'inspector', password: DEMO_PASSWORD } })).status()).toBe(200)
    await page.goto(`${origin}/patch`)
    await page.waitForFunction(() => document.querySelector('[data-testid="user-badge"]')?.textContent?.includes('inspector'))
    await page.waitForLoadState('networkidle')
    expect(await page.locator('[data-testid="sync-chip"]').count()).toBe(0)
    expect(writes()).toEqual([])
    const on = async () =>
      ((await call('leader', 'GET', '/issues?status=reported&limit=200')).body.features as Feature[]).filter((x) =>
        x.properties.description.startsWith(tag),
      )
    expect(await on()).toHaveLength(0)
    expect((await stored(page)).filter((w) => w.label === tag)).toHaveLength(1)
    // grid01 again: their report goes
    await ctx.clearCookies()
    expect((await ctx.request.post(`${origin}/api/v1/auth/login`, { data: { username: 'grid01', password: DEMO_PASSWORD } })).status()).toBe(200)
    await page.goto(`${origin}/patch`)
    const until = Date.now() + 30_000
    while ((await on()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 300))
    expect(await on()).toHaveLength(1)
    await page.waitForFunction(() => !document.querySelector('[data-testid="sync-chip"]'))
    await ctx.close()
  })

  it('says plainly in Chinese that a point score made offline was not sent, keeps the answers, and sends on the next tap online', async () => {
    const points = ((await call('inspector', 'GET', '/layers/points')).body.features as { properties: { code: string } }[])
      .map((p) => p.properties.code)
      .sort()
    const made = await call('inspector', 'POST', '/rounds', { points: [points.at(-1)] })
    expect(made.status).toBe(201)
    const { ctx, page } = await phone('inspector')
    await page.goto(`${origin}/rounds/${made.body.id as number}`)
    await page.waitForSelector('[data-testid="point-form"][data-state="ready"]', { timeout: 60_000 })
    await page.click('[data-testid="all-pass"]')
    const score = await page.textContent('[data-testid="form-score"]')
    await ctx.setOffline(true)
    await page.click('[data-testid="point-submit"]')
    const err = page.locator('[data-testid="point-form"] .err')
    await err.waitFor()
    expect(await err.textContent()).toContain('当前无网络，评分未提交')
    expect(await err.textContent()).toContain('不进入“待同步”')
    // the answers stay: same score, the button usable again
    expect(await page.textContent('[data-testid="form-score"]')).toBe(score)
    expect(await page.isEnabled('[data-testid="point-submit"]')).toBe(true)
    await ctx.setOffline(false)
    await page.click('[data-testid="point-submit"]')
    await page.waitForSelector('[data-testid="round-result"]')
    await ctx.close()
  })
})
