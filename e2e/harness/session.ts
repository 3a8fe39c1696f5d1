/**
 * Per-file test session: the URL of the server the global setup started, one browser for the file,
 * and helpers that open a guarded page at a route and wait until its map has drawn.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { type GuardedPage, guardedPage, launch } from './browser.ts'

export type Session = {
  url: () => string
  browser: () => Browser
  /** Opens a guarded page at `route`; with `as`, signed in as that account first (session cookie in the context). */
  open: (route: string, viewport?: { width: number; height: number }, scale?: number, as?: Account) => Promise<GuardedPage>
}

/** A username and password of the test database (demo accounts use DEMO_PASSWORD, admin TEST_ADMIN_PASSWORD). */
export type Account = readonly [username: string, password: string]

/** Signs the page's browser context in through the API, as the login page would. */
export async function signIn(g: GuardedPage, origin: string, [username, password]: Account): Promise<void> {
  const res = await g.context.request.post(`${origin}/api/v1/auth/login`, { data: { username, password } })
  if (res.status() !== 200) throw new Error(`login as ${username}: HTTP ${res.status()}`)
}

/** Signs in through the API from the test process; returns the Cookie header of the new session. */
export async function loginCookie(origin: string, [username, password]: Account): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${username}: HTTP ${res.status} ${await res.text()}`)
  return res.headers.get('set-cookie')!.split(';')[0]
}

/** Registers beforeAll/afterAll hooks that launch and close one Chromium for the test file. */
export function useSession(): Session {
  let browser: Browser | undefined
  const pages: GuardedPage[] = []
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined)
    await browser?.close()
  })
  const url = () => inject('e2eUrl')
  return {
    url,
    browser: () => browser!,
    async open(route, viewport, scale, as) {
      const g = await guardedPage(browser!, url(), viewport, scale)
      pages.push(g)
      if (as) await signIn(g, url(), as)
      await g.page.goto(url() + route, { waitUntil: 'load' })
      return g
    },
  }
}

/** Waits until the MapLibre canvas exists, the page's data requests have settled and a frame was drawn. */
export async function waitForMap(g: GuardedPage, timeout = 30_000): Promise<void> {
  await g.page.waitForSelector('canvas.maplibregl-canvas', { timeout })
  await g.page.waitForLoadState('networkidle', { timeout })
  // Two animation frames after the last response: MapLibre and deck.gl draw on the next frame.
  await g.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  await g.page.waitForTimeout(500)
}
