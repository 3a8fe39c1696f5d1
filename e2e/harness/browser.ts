/**
 * Debian's Chromium driven by playwright-core, with the two guards every e2e test shares: console
 * errors (and uncaught page errors) and requests to any host other than the app's own are recorded
 * so each test can assert there were none.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]

/** Launches the system Chromium the way CI can run it (no GPU, no sandbox, no background traffic). */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS })
}

export type GuardedPage = {
  page: Page
  context: BrowserContext
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[]
  /** URLs requested from a host other than the app's origin. */
  foreign: string[]
  /** Every same-origin request path, for checks on what a route downloads. */
  requests: string[]
  close: () => Promise<void>
}

/** Opens a page in a fresh context with the console and foreign-request guards attached. */
export async function guardedPage(browser: Browser, origin: string, viewport = { width: 1440, height: 900 }, scale = 1): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  const foreign: string[] = []
  const requests: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.protocol === 'data:' || u.protocol === 'blob:') return
    if (u.origin !== origin) foreign.push(r.url())
    else requests.push(u.pathname + u.search)
  })
  return { page, context, errors, foreign, requests, close: () => context.close() }
}
