/**
 * The district pictures in docs/screenshots/ from a running server started with SEED=district
 * (`npx tsx e2e/screenshots-district.mts http://127.0.0.1:8080`). Not a test: look at them before committing.
 */
import { mkdirSync } from 'node:fs'
import { guardedPage, launch } from './harness/browser.ts'
import { waitForMap } from './harness/session.ts'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
const OUT = 'docs/screenshots'
const SHOTS = [
  { file: 'district.png', route: '/district', width: 1600, height: 900, ready: '[data-testid="district-board"] tbody tr' },
  { file: 'screen-district.png', route: '/screen?mode=district', width: 1920, height: 1080, ready: '[data-testid="district-wall"] tbody tr' },
]

const browser = await launch()
mkdirSync(OUT, { recursive: true })
for (const s of SHOTS) {
  const g = await guardedPage(browser, origin, { width: s.width, height: s.height })
  await g.page.goto(origin + s.route)
  await g.page.waitForSelector(s.ready, { timeout: 60_000 })
  await waitForMap(g, 60_000)
  await g.page.screenshot({ path: `${OUT}/${s.file}` })
  if (g.errors.length || g.foreign.length) console.warn(s.file, g.errors, g.foreign)
  await g.close()
  console.log(`${OUT}/${s.file}`)
}
await browser.close()
