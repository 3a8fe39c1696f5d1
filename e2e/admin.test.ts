/**
 * /admin in the browser: an admin signs in through the login page, creates a grid manager with one
 * grid, and that manager's /patch then shows only their grid's open issues; the other admin pages
 * load and a group rule set in the grid of selects reaches the API. Last, the wall display's kiosk
 * token: given once in the URL fragment, kept, removed from the address and sent as a bearer.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN } from './harness/accounts.ts'
import type { GuardedPage } from './harness/browser.ts'
import { signIn, useSession } from './harness/session.ts'

const OPEN = 'reported,assigned,rectifying,rectified'
const PASSWORD = 'e2e-grid-manager-pw'
const unexpected = (g: GuardedPage) => g.errors.filter((e) => !/status of 401/.test(e))

describe('/admin', () => {
  const s = useSession()
  let grid = { code: '', open: 0 }

  beforeAll(async () => {
    // A grid that is not the demo grid manager's, with open issues to show.
    const grids = (await (await fetch(`${s.url()}/api/v1/stats/grids`)).json()) as { grid_code: string; open: number }[]
    const g = [...grids].sort((a, b) => b.open - a.open)[3]
    grid = { code: g.grid_code, open: g.open }
  })

  it('creates a grid manager with one grid, who then sees only that grid on /patch', async () => {
    const g = await s.open('/admin')
    await g.page.waitForSelector('[data-testid="login-form"]')
    await g.page.fill('input[name="username"]', ADMIN[0])
    await g.page.fill('input[name="password"]', ADMIN[1])
    await g.page.click('[data-testid="login-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="users-table"] [data-user="grid01"]')
    expect(new URL(g.page.url()).pathname).toBe('/admin')

    await g.page.click('[data-testid="user-new"]')
    await g.page.fill('#uf-username', 'gm-e2e')
    await g.page.fill('#uf-name', '端到端网格员')
    await g.page.selectOption('#uf-role', 'grid_manager')
    await g.page.check(`[data-testid="grid-picker"] [data-grid="${grid.code}"]`)
    await g.page.fill('#uf-password', PASSWORD)
    await g.page.click('[data-testid="user-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="users-table"] [data-user="gm-e2e"]')
    expect(await g.page.textContent('[data-testid="admin-flash"]')).toBe('用户已创建')
    expect(unexpected(g)).toEqual([])

    const m = await s.open('/patch', { width: 375, height: 812 })
    await m.page.waitForSelector('[data-testid="login-form"]')
    await m.page.fill('input[name="username"]', 'gm-e2e')
    await m.page.fill('input[name="password"]', PASSWORD)
    await m.page.click('[data-testid="login-form"] button[type="submit"]')
    await m.page.waitForSelector('[data-testid="patch-issues"]')
    expect(new URL(m.page.url()).searchParams.get('grid')).toBe(grid.code)
    // One grid: its name instead of a picker.
    expect(await m.page.$$('[data-testid="grid-picker"]')).toHaveLength(0)
    const api = (await (await fetch(`${s.url()}/api/v1/issues?grid=${grid.code}&status=${OPEN}&limit=300`)).json()) as {
      features: { properties: { id: number } }[]
    }
    expect(api.features.length).toBe(grid.open)
    expect(grid.open).toBeGreaterThan(0)
    expect(await m.page.$$eval('[data-testid="patch-issue"]', (l) => l.length)).toBe(grid.open)
    expect(unexpected(m)).toEqual([])
    expect(m.foreign).toEqual([])
  })

  it('shows every admin page and saves a group rule from the grid of selects', async () => {
    const g = await s.open('/admin?tab=groups', undefined, undefined, ADMIN)
    await g.page.waitForSelector('[data-testid="groups-table"]')
    for (const [tab, sel] of [
      ['categories', 'categories-table'],
      ['calendar', 'calendar-table'],
      ['settings', 'settings-form'],
      ['rules', 'rules-table'],
    ]) {
      await g.page.click(`[data-testid="admin-tab-${tab}"]`)
      await g.page.waitForSelector(`[data-testid="${sel}"]`)
    }
    const cell = await g.page.$eval('[data-rule]', (e) => e.getAttribute('data-rule')!)
    const [category, community] = cell.split('@')
    const group = await g.page.$eval(`[data-rule="${cell}"] option:nth-child(2)`, (o) => (o as HTMLOptionElement).value)
    await g.page.selectOption(`[data-rule="${cell}"]`, group)
    await g.page.waitForSelector('[data-testid="admin-flash"]')
    expect(await g.page.textContent('[data-testid="admin-flash"]')).toBe('已保存')
    const rules = (await (await g.context.request.get(`${s.url()}/api/v1/admin/group-rules`)).json()) as {
      rules: { category_code: string; community_code: string; group_code: string }[]
    }
    expect(rules.rules).toContainEqual({ category_code: category, community_code: community, group_code: group })
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('keeps a kiosk token from /screen#token=…, drops it from the address and sends it as a bearer, on the stream too', async () => {
    const g = await s.open('/login')
    await signIn(g, s.url(), ADMIN)
    const res = await g.context.request.post(`${s.url()}/api/v1/auth/tokens`, { data: { name: 'e2e-wall', role: 'kiosk' } })
    expect(res.status()).toBe(201)
    const { token } = (await res.json()) as { token: string }

    const wall = await s.open('/login')
    const bearers = new Map<string, string | undefined>()
    wall.page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/v1/')) bearers.set(u.pathname, r.headers().authorization)
    })
    // The stream's response never ends, so wait for its request rather than for the network to idle.
    const stream = wall.page.waitForRequest((r) => r.url().includes('/api/v1/stream'))
    const summary = wall.page.waitForResponse((r) => r.url().includes('/api/v1/stats/summary'))
    await wall.page.goto(`${s.url()}/screen#token=${token}`)
    await wall.page.waitForFunction(() => !location.hash)
    await Promise.all([stream, summary])
    expect(await wall.page.evaluate(() => localStorage.getItem('cgm.kiosk.token'))).toBe(token)
    expect(new URL(wall.page.url()).hash).toBe('')
    expect(bearers.get('/api/v1/stats/summary')).toBe(`Bearer ${token}`)
    expect(bearers.get('/api/v1/stream')).toBe(`Bearer ${token}`)
    expect(wall.errors).toEqual([])
    expect(wall.foreign).toEqual([])
  })
})
