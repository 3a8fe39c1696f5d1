/**
 * Measures what docs/performance.md records (`npx tsx e2e/measure.mts http://127.0.0.1:PORT`): the
 * phone view's initial JavaScript (gzip -9 of every .js it loads) and the wall display's time to its
 * first drawn map (navigation start → basemap on screen), median of 5 cold loads.
 */
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { guardedPage, launch } from './harness/browser.ts'
import { gzippedJs } from './harness/bundle.ts'
import { signIn } from './harness/session.ts'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
const browser = await launch()

// /patch needs a login: the demo grid manager, as on a grid manager's phone.
const phone = await guardedPage(browser, origin, { width: 375, height: 812 })
await signIn(phone, origin, ['grid01', DEMO_PASSWORD])
await phone.page.goto(`${origin}/patch`, { waitUntil: 'networkidle' })
const js = await gzippedJs(origin, phone.requests)
console.log(`/patch initial JS: ${(js.total / 1024).toFixed(1)} KB gzip in ${Object.keys(js.files).length} files`)
for (const [f, n] of Object.entries(js.files).sort((a, b) => b[1] - a[1])) console.log(`  ${f} ${(n / 1024).toFixed(1)} KB`)
await phone.close()

const times: number[] = []
for (let i = 0; i < 5; i++) {
  const g = await guardedPage(browser, origin, { width: 1920, height: 1080 })
  await g.page.goto(`${origin}/screen`)
  // MapShell removes its loading note once the basemap sources and layers are on the map.
  await g.page.waitForFunction(() => document.querySelector('canvas.maplibregl-canvas') && !document.querySelector('.map-state'), null, {
    timeout: 30_000,
  })
  await g.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  times.push(await g.page.evaluate(() => performance.now()))
  if (i === 4) {
    // Where the time went in the last run: scripts downloaded, basemap data received, map drawn.
    // A string, not a function: tsx would wrap named helpers in __name(), which the page does not have.
    const t = (await g.page.evaluate(`(() => {
      const r = performance.getEntriesByType('resource')
      const end = (f) => Math.max(0, ...r.filter(f).map((e) => e.responseEnd))
      const nav = performance.getEntriesByType('navigation')[0]
      return { domContentLoaded: nav.domContentLoadedEventEnd, scripts: end((e) => e.name.endsWith('.js')), layers: end((e) => e.name.includes('/api/v1/layers/')) }
    })()`)) as { domContentLoaded: number; scripts: number; layers: number }
    console.log(
      `  last run: DOMContentLoaded ${t.domContentLoaded.toFixed(0)} ms, last script ${t.scripts.toFixed(0)} ms, basemap data ${t.layers.toFixed(0)} ms, map ${times[4].toFixed(0)} ms`,
    )
  }
  await g.close()
}
times.sort((a, b) => a - b)
console.log(`/screen time to first map: median ${(times[2] / 1000).toFixed(2)} s (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`)
await browser.close()
