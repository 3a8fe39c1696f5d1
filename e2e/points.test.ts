/**
 * /points: the ledger shows every point the API returns, each filter leaves exactly the points the API
 * returns for that filter, the search matches names, and contacts appear only after logging in.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { useSession, waitForMap } from './harness/session.ts'
import type { GuardedPage } from './harness/browser.ts'

type Pt = { properties: { name: string; class_code: string; community_code: string; contact_phone?: string | null } }

describe('/points ledger', () => {
  const s = useSession()
  let all: Pt[] = []
  const api = async (q = ''): Promise<Pt[]> => ((await (await fetch(`${s.url()}/api/v1/layers/points${q}`)).json()) as { features: Pt[] }).features
  const rows = (g: GuardedPage) => g.page.$$eval('[data-testid="points-table"] tbody tr', (r) => r.length)
  const countText = (g: GuardedPage) => g.page.textContent('[data-testid="points-count"]')

  beforeAll(async () => {
    all = await api()
  })

  it('lists every point, with the need-login state for contacts', async () => {
    const g = await s.open('/points')
    await waitForMap(g)
    expect(all.length).toBeGreaterThan(50)
    expect(await rows(g)).toBe(all.length)
    expect(await countText(g)).toBe(`共 ${all.length} 个点位`)
    expect(await g.page.textContent('[data-testid="contacts-need-login"]')).toBe('需要登录后查看联系方式')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('class, community and grid filters show what the API returns for them', async () => {
    const g = await s.open('/points')
    await g.page.waitForSelector('[data-testid="points-table"]')
    const cls = all[all.length - 1].properties.class_code
    await g.page.selectOption('[data-testid="filter-class"]', cls)
    const byClass = await api(`?class=${cls}`)
    expect(byClass.length).toBeLessThan(all.length)
    expect(await rows(g)).toBe(byClass.length)
    expect(await countText(g)).toBe(`共 ${byClass.length} 个点位`)
    expect(new URL(g.page.url()).searchParams.get('class')).toBe(cls)

    await g.page.click('text=清除筛选')
    const community = all[0].properties.community_code
    await g.page.selectOption('[data-testid="filter-community"]', community)
    expect(await rows(g)).toBe((await api(`?community=${community}`)).length)
    const grid = await g.page.$eval('[data-testid="filter-grid"] option:nth-child(2)', (o) => (o as HTMLOptionElement).value)
    await g.page.selectOption('[data-testid="filter-grid"]', grid)
    const byGrid = await api(`?grid=${grid}`)
    if (byGrid.length === 0) await g.page.waitForSelector('[data-testid="points-empty"]')
    else expect(await rows(g)).toBe(byGrid.length)
    expect(g.errors).toEqual([])
  })

  it('follows the URL after the page has loaded: the back button restores a filtered ledger', async () => {
    const g = await s.open('/points')
    await g.page.waitForSelector('[data-testid="points-table"]')
    const cls = all[all.length - 1].properties.class_code
    const byClass = await api(`?class=${cls}`)
    // Two history entries the app did not make, then Back: the browser's popstate brings ?class= in.
    await g.page.evaluate((c) => {
      history.pushState(history.state, '', `/points?class=${c}`)
      history.pushState(history.state, '', '/points')
    }, cls)
    await g.page.goBack()
    await g.page.waitForFunction((n) => document.querySelectorAll('[data-testid="points-table"] tbody tr').length === n, byClass.length)
    expect(await countText(g)).toBe(`共 ${byClass.length} 个点位`)
    expect(await g.page.$eval('[data-testid="filter-class"]', (e) => (e as HTMLSelectElement).value)).toBe(cls)
    expect(g.errors).toEqual([])
  })

  it('searches by name', async () => {
    const g = await s.open('/points')
    await g.page.waitForSelector('[data-testid="points-table"]')
    await g.page.fill('[data-testid="filter-search"]', '社区')
    const expected = all.filter((p) => p.properties.name.includes('社区')).length
    expect(expected).toBeGreaterThan(0)
    expect(await rows(g)).toBe(expected)
    await g.page.fill('[data-testid="filter-search"]', '不存在的点位名称')
    await g.page.waitForSelector('[data-testid="points-empty"]')
  })

  it('shows contacts with tel: links to a logged-in leader', async () => {
    const g = await s.open('/points')
    const login = await g.page.request.post(`${s.url()}/api/v1/auth/login`, { data: { username: 'leader', password: 'dongtang-demo' } })
    expect(login.status()).toBe(200)
    await g.page.reload()
    await g.page.waitForSelector('[data-testid="points-table"]')
    expect(await g.page.$('[data-testid="contacts-need-login"]')).toBeNull()
    const withPhone = ((await (await g.page.request.get(`${s.url()}/api/v1/layers/points`)).json()) as { features: Pt[] }).features.filter(
      (p) => p.properties.contact_phone,
    ).length
    expect(withPhone).toBeGreaterThan(0)
    expect(await g.page.$$eval('[data-testid="points-table"] a[href^="tel:"]', (a) => a.length)).toBe(withPhone)
    expect(g.errors).toEqual([])
  })
})
