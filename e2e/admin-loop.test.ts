/**
 * Issue 23 in /admin and /points: an admin edits a grid manager's phone and grids through the grouped
 * grid list and the API reads back the same; the 交办规则 table marks exactly the cells whose group
 * differs from the category's default; on /points a selected point shows as many open issues as lie
 * within 50 m of it by Turf's distance over the whole GET /issues.
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { OPEN_STATUSES } from '../api/issues/states.ts'
import { ADMIN, LEADER } from './harness/accounts.ts'
import type { GuardedPage } from './harness/browser.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies are read loosely here
const get = async (g: GuardedPage, url: string): Promise<Json> => {
  const res = await g.context.request.get(url)
  expect(res.status(), url).toBe(200)
  return (await res.json()) as Json
}

describe('/admin and /points (issue 23)', () => {
  const s = useSession()

  it('edits a phone and a patch through the grouped grid list; the API reads back both', async () => {
    const g = await s.open('/admin', { width: 1440, height: 900 }, undefined, ADMIN)
    const places = await get(g, `${s.url()}/api/v1/admin/places`)
    const [first, second] = places.communities as Json[]
    const gridsOf = (c: Json) => (places.grids as Json[]).filter((x) => x.community_code === c.code)
    const start = gridsOf(second)[0]
    const made = await g.context.request.post(`${s.url()}/api/v1/admin/users`, {
      data: { username: 'gm-loop', role: 'grid_manager', grids: [start.code], password: 'e2e-loop-password' },
    })
    expect(made.status()).toBe(201)
    await g.page.reload()
    await g.page.click('[data-testid="users-table"] [data-user="gm-loop"] button')
    await g.page.waitForSelector('[data-testid="grid-picker"]')
    expect(await g.page.textContent('[data-testid="grid-count"]')).toBe('已选 1 个网格')

    await g.page.fill('#uf-phone', '0731-84001234')
    // Drop the old grid, pick one grid of the second community found by searching its name, then 全选 the first community.
    await g.page.uncheck(`[data-grid="${start.code}"]`)
    const target = gridsOf(second)[1]
    await g.page.fill('[data-testid="grid-search"]', target.name)
    const visible = await g.page.$$eval('[data-grid]', (l) => l.map((e) => e.getAttribute('data-grid')))
    expect(visible).toContain(target.code)
    expect(visible.length).toBeLessThan(places.grids.length)
    await g.page.check(`[data-grid="${target.code}"]`)
    await g.page.fill('[data-testid="grid-search"]', '')
    await g.page.check(`[data-select-all="${first.code}"]`)
    const want = [target.code, ...gridsOf(first).map((x) => x.code)].sort()
    expect(await g.page.textContent('[data-testid="grid-count"]')).toBe(`已选 ${want.length} 个网格`)
    await g.page.screenshot({ path: 'docs/screenshots/admin-grids.png' })
    await g.page.click('[data-testid="user-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="admin-flash"]')
    expect(await g.page.textContent('[data-testid="admin-flash"]')).toBe('已保存')

    const users = (await get(g, `${s.url()}/api/v1/admin/users`)).users as Json[]
    const u = users.find((x) => x.username === 'gm-loop')!
    expect(u.phone).toBe('0731-84001234')
    expect(u.grids).toEqual(want)
    expect(await g.page.textContent('[data-testid="users-table"] [data-user="gm-loop"] .phone')).toBe('0731-84001234')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('marks exactly the rule cells that differ from the category default', async () => {
    const g = await s.open('/login', undefined, undefined, ADMIN)
    const categories = (await get(g, `${s.url()}/api/v1/admin/categories`)).categories as Json[]
    const groups = (await get(g, `${s.url()}/api/v1/admin/groups`)).groups as Json[]
    const places = await get(g, `${s.url()}/api/v1/admin/places`)
    const k = categories[2]
    const community = places.communities[1].code
    const other = groups.find((x) => x.code !== k.default_group_code)!.code
    const k2 = categories[3]
    const prior = (await get(g, `${s.url()}/api/v1/admin/group-rules`)).rules as Json[]
    const put = await g.context.request.put(`${s.url()}/api/v1/admin/group-rules`, {
      data: { category_code: k.code, community_code: community, group_code: other },
    })
    expect(put.status()).toBe(200)
    // A rule naming the default group is no override.
    await g.context.request.put(`${s.url()}/api/v1/admin/group-rules`, {
      data: { category_code: k2.code, community_code: community, group_code: k2.default_group_code },
    })

    const defaults = new Map(categories.map((x) => [x.code, x.default_group_code]))
    const rules = (await get(g, `${s.url()}/api/v1/admin/group-rules`)).rules as Json[]
    const want = rules
      .filter((r) => r.group_code !== defaults.get(r.category_code))
      .map((r) => `${r.category_code}@${r.community_code}`)
      .sort()
    expect(want).toContain(`${k.code}@${community}`)
    expect(want).not.toContain(`${k2.code}@${community}`)

    await g.page.goto(`${s.url()}/admin?tab=rules`)
    await g.page.waitForSelector('[data-testid="rules-table"]')
    const marked = await g.page.$$eval('[data-override="true"]', (l) => l.map((e) => e.getAttribute('data-cell')!).sort())
    expect(marked).toEqual(want)
    const cell = `[data-cell="${k.code}@${community}"]`
    expect(await g.page.$eval(cell, (e) => e.querySelector('.mark')?.textContent)).toBe('◆')
    expect(await g.page.getAttribute(cell, 'title')).toBe(`此处改由 ${other} 负责；类别默认为 ${k.default_group_code}`)
    expect(await g.page.$eval(`[data-cell="${k2.code}@${community}"]`, (e) => e.querySelector('.mark'))).toBeNull()
    expect(await g.page.textContent('[data-testid="rules-overrides"]')).toBe(`共 ${want.length} 处与默认不同`)
    await g.page.screenshot({ path: 'docs/screenshots/admin-rules.png' })
    expect(g.errors).toEqual([])

    // Put the two cells back as they were, so later files see the street's own rules.
    for (const cat of [k.code, k2.code]) {
      const was = prior.find((r) => r.category_code === cat && r.community_code === community)
      const res = was
        ? await g.context.request.put(`${s.url()}/api/v1/admin/group-rules`, { data: was })
        : await g.context.request.delete(`${s.url()}/api/v1/admin/group-rules/${cat}/${community}`)
      expect(res.status()).toBe(200)
    }
  })

  it('/points: a selected point shows the open issues within 50 m, counted independently with Turf', async () => {
    const g = await s.open('/points', { width: 1440, height: 900 }, undefined, LEADER)
    await waitForMap(g)
    const points = (await get(g, `${s.url()}/api/v1/layers/points`)).features as Json[]
    const issues: Json[] = []
    for (let cursor = ''; ;) {
      const page = await get(g, `${s.url()}/api/v1/issues?limit=5000${cursor ? `&cursor=${cursor}` : ''}`)
      issues.push(...page.features)
      if (!page.meta.next_cursor) break
      cursor = encodeURIComponent(page.meta.next_cursor)
    }
    const open = issues.filter((f) => (OPEN_STATUSES as readonly string[]).includes(f.properties.status))
    const near = (p: Json) => open.filter((f) => turf.distance(p.geometry.coordinates, f.geometry.coordinates, { units: 'meters' }) <= 50).length
    // The point with the most open issues near it, so the count is not a trivial zero.
    const counted = points.map((p) => ({ p, n: near(p) })).sort((a, b) => b.n - a.n)
    const { p, n } = counted[0]
    expect(n).toBeGreaterThan(0)

    // Back to the other views from the header.
    expect(await g.page.$$eval('.nav a', (l) => l.map((a) => a.getAttribute('href')))).toEqual(['/screen', '/plan', '/patch', '/points'])

    await g.page.click(`[data-testid="points-table"] tr[data-id="${p.properties.id}"]`)
    await g.page.waitForSelector(`[data-testid="point-detail"][data-point="${p.properties.id}"] [data-testid="point-open-count"]`)
    expect(Number(await g.page.textContent('[data-testid="point-open-count"]'))).toBe(n)
    expect(await g.page.$$eval('[data-testid="point-detail"] [data-issue]', (l) => l.length)).toBe(Math.min(n, 8))
    // The latest record is a step of a nearby issue's timeline (there are open issues, so there is one).
    expect(await g.page.textContent('[data-testid="point-last"]')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · .+（#\d+）$/)
    await g.page.waitForTimeout(300)
    await g.page.screenshot({ path: 'docs/screenshots/points-detail.png' })

    // A point with no open issue near it says so.
    const quiet = counted[counted.length - 1]
    if (quiet.n === 0) {
      await g.page.click(`[data-testid="points-table"] tr[data-id="${quiet.p.properties.id}"]`)
      await g.page.waitForSelector(`[data-testid="point-detail"][data-point="${quiet.p.properties.id}"] [data-testid="point-open-count"]`)
      expect(await g.page.textContent('[data-testid="point-open-count"]')).toBe('0')
    }
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
