/**
 * 督查测评 in /admin and /patch (issue 12): an admin edits a point class's checklist in the 检查表 tab
 * → a new version that GET /checklists returns item for item as typed, while an inspection scored
 * before keeps its version and texts; the API's 422 shows in Chinese and writes nothing; the
 * assessment settings read back. A grid manager sees on /patch's 点位 tab exactly the latest scores
 * GET /inspections?grid=&latest=1 returns for their grid, and a point's failed items with their issues.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN, INSPECTOR } from './harness/accounts.ts'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import type { Account } from './harness/session.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely here
type Item = { code: string; text: string; points: number; category: string; photo_required: boolean }
const GRID01: Account = ['grid01', DEMO_PASSWORD]
const PHONE = { width: 375, height: 812 }

describe('督查测评 in /admin and /patch', () => {
  const s = useSession()

  const cookieOf = (account: Account) => loginCookie(s.url(), account)
  async function call(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  /** Scores a point as `cookie`'s account, failing the given items (none of which may need a photo). */
  async function inspect(cookie: string, point: string, checklist: Json, fail: string[]) {
    const items = (checklist.items as Item[]).map((i) => ({
      code: i.code,
      pass: !fail.includes(i.code),
      ...(fail.includes(i.code) ? { note: 'e2e' } : {}),
    }))
    const r = await call(cookie, 'POST', '/inspections', { point_code: point, items })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body
  }

  it('edits a checklist into a new version; an earlier inspection keeps its own; a 422 writes nothing', async () => {
    const inspector = await cookieOf(INSPECTOR)
    const admin = await cookieOf(ADMIN)
    const points = (await call(inspector, 'GET', '/layers/points')).body.features as { properties: Json }[]
    const all = (await call(inspector, 'GET', '/checklists')).body as Json[]
    expect(all.length).toBe(16)
    // a class with a point and an item that can fail without a photo
    const list = all.find((l) => l.items.some((i: Item) => !i.photo_required) && points.some((p) => p.properties.class_code === l.class_code))!
    const cls = list.class_code as string
    const point = points.find((p) => p.properties.class_code === cls)!.properties.code as string
    // the items as an edit sends them (GET adds category_name)
    const before = (list.items as Json[]).map(({ code, text, points, category, photo_required }) => ({
      code,
      text,
      points,
      category,
      photo_required,
    })) as Item[]
    const failing = before.find((i) => !i.photo_required)!
    const scored = await inspect(inspector, point, list, [failing.code])
    expect(scored.checklist_version).toBe(list.version)
    expect(scored.score).toBe(Math.max(0, 100 - failing.points))

    const g = await s.open(`/admin?tab=checklists`, { width: 1440, height: 900 }, undefined, ADMIN)
    await g.page.waitForSelector('[data-testid="checklist-form"]')
    await g.page.selectOption('[data-testid="checklist-class"]', cls)
    await g.page.waitForFunction(
      (v) => document.querySelector('[data-testid="checklist-version"]')?.textContent?.includes(`第 ${v} 版`),
      list.version as number,
    )
    expect(await g.page.$$eval('[data-testid="item-text"]', (l) => l.map((e) => (e as HTMLInputElement).value))).toEqual(before.map((i) => i.text))

    // Edit: the first item's text and points, drop the last item, add one that needs a photo.
    const categories = ((await call(admin, 'GET', '/admin/categories')).body.categories as Json[]).map((c) => c.code as string)
    const rows = g.page.locator('[data-testid="checklist-form"] tbody tr')
    await rows.nth(0).locator('[data-testid="item-text"]').fill('路面、人行道及绿化带内无垃圾、无积水')
    await rows.nth(0).locator('[data-testid="item-points"]').fill('13')
    await rows
      .nth(before.length - 1)
      .locator('[data-testid="item-remove"]')
      .click()
    await g.page.click('[data-testid="item-add"]')
    const added = rows.nth(before.length - 1)
    expect(await added.getAttribute('data-item')).toBe('new')
    await added.locator('[data-testid="item-text"]').fill('沿街商户门前三包责任牌齐全完好')
    await added.locator('[data-testid="item-points"]').fill('7')
    await added.locator('[data-testid="item-category"]').selectOption(categories[2])
    await added.locator('[data-testid="item-photo"]').check()
    await g.page.click('[data-testid="checklist-save"]')
    await g.page.waitForSelector('[data-testid="checklist-result"].ok')
    const v1 = (list.version as number) + 1
    expect(await g.page.textContent('[data-testid="checklist-result"]')).toContain(`已保存为第 ${v1} 版`)
    expect(await g.page.textContent('[data-testid="checklist-version"]')).toContain(`第 ${v1} 版`)
    await g.page.screenshot({ path: 'docs/screenshots/admin-checklists.png', fullPage: true })

    // What the API now returns is what was typed; kept items keep their codes, the new one gets a fresh one.
    const want = [
      { ...before[0], text: '路面、人行道及绿化带内无垃圾、无积水', points: 13 },
      ...before.slice(1, -1),
      { text: '沿街商户门前三包责任牌齐全完好', points: 7, category: categories[2], photo_required: true },
    ]
    const now = (await call(inspector, 'GET', `/checklists?class=${cls}`)).body[0] as Json
    expect(now.version).toBe(v1)
    expect(now.items.map(({ code: _c, category_name: _n, ...rest }: Json) => rest)).toEqual(want.map(({ code: _c, ...rest }: Json) => rest))
    expect(now.items.slice(0, -1).map((i: Item) => i.code)).toEqual(before.slice(0, -1).map((i) => i.code))
    // (the server may reuse the dropped item's code: "next free" counts the codes of this edit only)
    expect(before.slice(0, -1).map((i) => i.code)).not.toContain(now.items.at(-1).code)
    expect(now.items.at(-1).code).toMatch(/^i\d{2}$/)
    // The old version is still there as it was.
    const old = (await call(inspector, 'GET', `/checklists?class=${cls}&version=${list.version}`)).body[0] as Json
    expect(old.items).toEqual(list.items)

    // The inspection scored before keeps its version, its texts and its score.
    const mine = ((await call(inspector, 'GET', `/inspections?point=${point}`)).body.inspections as Json[]).find((i) => i.id === scored.id)!
    expect(mine.checklist_version).toBe(list.version)
    expect(mine.score).toBe(scored.score)
    expect(mine.items.map((i: Json) => i.text)).toEqual(before.map((i) => i.text))

    // A 422 from the server (a category it does not know, sent by a tampered request) shows in Chinese and writes nothing.
    await g.page.route('**/api/v1/admin/checklists/**', async (route) => {
      const body = JSON.parse(route.request().postData()!) as { items: Item[] }
      body.items[0].category = 'no_such_category'
      await route.continue({ postData: JSON.stringify(body) })
    })
    await g.page.click('[data-testid="checklist-save"]')
    await g.page.waitForSelector('[data-testid="checklist-result"].error')
    expect(await g.page.textContent('[data-testid="checklist-result"]')).toContain('没有这个问题类别: no_such_category')
    await g.page.unroute('**/api/v1/admin/checklists/**')
    expect(((await call(inspector, 'GET', `/checklists?class=${cls}`)).body[0] as Json).version).toBe(v1)
    expect(await g.page.textContent('[data-testid="checklist-version"]')).toContain(`第 ${v1} 版`)

    // Assessment settings: saved through the form, read back, then restored for the other files.
    const settings = (await call(admin, 'GET', '/admin/assessment-settings')).body
    await g.page.fill('#as-flags', '3')
    await g.page.fill('#as-blend', '0.25')
    await g.page.click('[data-testid="assessment-settings-save"]')
    await g.page.waitForSelector('[data-testid="admin-flash"].ok')
    expect((await call(admin, 'GET', '/admin/assessment-settings')).body).toEqual({ flag_count: 3, blend_weight: 0.25 })
    expect((await call(admin, 'PUT', '/admin/assessment-settings', settings)).status).toBe(200)

    // Put the class's items back as they were (a further version) so other files see the seed's wording.
    expect((await call(admin, 'PUT', `/admin/checklists/${cls}`, { items: before })).status).toBe(200)
    // only the expected 422 reached the console
    expect(g.errors.filter((e) => !e.includes('422'))).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it("shows a grid manager their points' latest scores and failed items on /patch", async () => {
    const inspector = await cookieOf(INSPECTOR)
    const manager = await cookieOf(GRID01)
    const me = (await call(manager, 'GET', '/auth/me')).body
    const grids = (me.grids ?? me.user?.grids) as string[]
    expect(grids.length).toBeGreaterThan(0)
    // the manager's grid with the most points
    const counts = await Promise.all(
      grids.map(async (gc) => [gc, ((await call(manager, 'GET', `/layers/points?grid=${gc}`)).body.features as unknown[]).length] as const),
    )
    const [grid, n] = counts.sort((a, b) => b[1] - a[1])[0]
    expect(n).toBeGreaterThan(0)
    const points = ((await call(manager, 'GET', `/layers/points?grid=${grid}`)).body.features as { properties: Json }[]).map((f) => f.properties)
    // Score one point failing one item that needs no photo, so there is something to show.
    let target: Json | undefined
    for (const p of points) {
      const list = (await call(inspector, 'GET', `/checklists?class=${p.class_code}`)).body[0] as Json
      const item = (list.items as Item[]).find((i) => !i.photo_required)
      if (item) {
        target = { point: p.code, item, scored: await inspect(inspector, p.code, list, [item.code]) }
        break
      }
    }
    expect(target).toBeDefined()
    expect(target!.scored.issues.length).toBe(1)

    const latest = (await call(manager, 'GET', `/inspections?grid=${grid}&latest=1`)).body.inspections as Json[]
    const byPoint = new Map(latest.map((i) => [i.point_code as string, i]))
    expect(byPoint.get(target!.point)!.id).toBe(target!.scored.id)

    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, GRID01)
    await waitForMap(g)
    await g.page.click('[data-testid="tab-points"]')
    await g.page.waitForSelector('[data-testid="point-score"]')
    const shown = await g.page.$$eval('[data-testid="patch-points"] li', (l) =>
      l.map((e) => [e.getAttribute('data-point'), e.querySelector('[data-testid="point-score"] strong')?.textContent ?? null] as const),
    )
    expect(shown.length).toBe(points.length)
    for (const [code, score] of shown) expect(score, code!).toBe(byPoint.has(code!) ? String(byPoint.get(code!)!.score) : null)
    // the others say 未督查
    expect(await g.page.locator('[data-testid="point-unscored"]').count()).toBe(points.filter((p) => !byPoint.has(p.code)).length)

    // Tapping the score lists the failed items with the issue each opened; the targets are finger-sized.
    const li = g.page.locator(`[data-testid="patch-points"] li[data-point="${target!.point}"]`)
    const btn = li.locator('[data-testid="point-score"]')
    expect((await btn.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    expect((await btn.boundingBox())!.width).toBeGreaterThanOrEqual(44)
    await btn.click()
    const failed = li.locator('[data-testid="point-failed"] .item')
    const expected = (byPoint.get(target!.point)!.items as Json[]).filter((i) => !i.pass)
    expect(await failed.count()).toBe(expected.length)
    expect(await failed.nth(0).textContent()).toContain(target!.item.text)
    expect(await failed.nth(0).getAttribute('data-issue')).toBe(String(target!.scored.issues[0]))
    expect(await failed.nth(0).textContent()).toContain(`#${target!.scored.issues[0]}`)
    expect((await failed.nth(0).boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await g.page.screenshot({ path: 'docs/screenshots/patch-scores.png' })
    // …and tapping an item opens its issue.
    await failed.nth(0).click()
    await g.page.waitForSelector('[data-testid="issue-sheet"]')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
