/**
 * /login: a page that needs a login sends the visitor here with ?next=; a wrong password gets the
 * Chinese message, too many get the 429 wait, the right one goes back to `next`; English switchable.
 */
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import { useSession } from './harness/session.ts'
import type { GuardedPage } from './harness/browser.ts'

async function submit(g: GuardedPage, username: string, password: string) {
  await g.page.fill('input[name="username"]', username)
  await g.page.fill('input[name="password"]', password)
  await g.page.click('[data-testid="login-form"] button[type="submit"]')
}

// The browser logs each refused request (401 from /auth/me and a wrong password, 429) as a console error.
const unexpected = (g: GuardedPage) => g.errors.filter((e) => !/status of (401|429)/.test(e))

describe('/login', () => {
  const s = useSession()

  it('sends an anonymous visitor of /plan to /login, refuses a wrong password in Chinese, then returns to /plan', async () => {
    const g = await s.open('/plan?range=7d')
    await g.page.waitForSelector('[data-testid="login-form"]')
    const at = new URL(g.page.url())
    expect(at.pathname).toBe('/login')
    expect(at.searchParams.get('next')).toBe('/plan?range=7d')
    expect(await g.page.textContent('[data-testid="login-notice"]')).toBe('请先登录')

    await submit(g, LEADER[0], 'not-the-password')
    await g.page.waitForSelector('[data-testid="login-error"]')
    expect(await g.page.textContent('[data-testid="login-error"]')).toBe('用户名或密码错误')
    expect(await g.page.inputValue('input[name="password"]')).toBe('')

    await submit(g, ...LEADER)
    await g.page.waitForURL((u) => u.pathname === '/plan')
    expect(new URL(g.page.url()).searchParams.get('range')).toBe('7d')
    await g.page.waitForSelector('[data-testid="user-badge"]')
    expect(await g.page.textContent('[data-testid="user-badge"]')).toContain('leader')
    expect(unexpected(g)).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('shows the wait after too many failures (429) and switches to English', async () => {
    const g = await s.open('/login')
    await g.page.waitForSelector('[data-testid="login-form"]')
    // Five failures lock the account for a while (api/auth/routes.ts); the sixth attempt is a 429.
    for (let k = 0; k < 6; k++) {
      const answered = g.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
      await submit(g, 'screen', `wrong-${k}`)
      await answered
    }
    await g.page.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.textContent?.startsWith('登录失败次数过多'))
    expect(await g.page.textContent('[data-testid="login-error"]')).toMatch(/^登录失败次数过多，请 \d+ (秒|分钟) 后再试$/)

    await g.page.click('.lang')
    expect(await g.page.textContent('h1')).toBe('Sign in')
    expect(unexpected(g)).toEqual([])
  })

  it('logs out from the badge and the guarded page asks for a login again', async () => {
    const g = await s.open('/plan', undefined, undefined, LEADER)
    await g.page.waitForSelector('[data-testid="logout"]')
    await g.page.click('[data-testid="logout"]')
    await g.page.waitForSelector('[data-testid="login-form"]')
    await g.page.goto(`${s.url()}/patch`)
    await g.page.waitForSelector('[data-testid="login-form"]')
    expect(new URL(g.page.url()).searchParams.get('next')).toBe('/patch')
    expect(unexpected(g)).toEqual([])
  })
})
