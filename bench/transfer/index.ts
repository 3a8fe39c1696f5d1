/**
 * What /plan downloads per filter change at 10⁵ issues (issue 24, item 6; budget < 1 MB): loads 东塘
 * with generated issues into a fresh embedded database, starts the real server on it, opens /plan in
 * Chromium as the demo leader, changes filters and sums the bodies of the API responses each change
 * causes. Exits 1 when a change goes over the budget.
 * `npx tsx bench/transfer/index.ts [--count=100000] [--keep=1]` (keep: reuse the loaded data directory).
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import type { Page, Response } from 'playwright-core'
import { DEMO_PASSWORD } from '../../api/auth/bootstrap.ts'
import { migrate } from '../../db/migrate.ts'
import { openPglite } from '../../db/pglite.ts'
import { loadIssues, loadStreet } from '../../db/seed/index.ts'
import { spawnServer } from '../../db/testing/server-process.ts'
import { guardedPage, launch } from '../../e2e/harness/browser.ts'
import { ensureWebBuild } from '../../e2e/harness/server.ts'
import { signIn } from '../../e2e/harness/session.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'

const BUDGET = 1_000_000
const arg = (name: string, fallback: string) => process.argv.find((s) => s.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const count = Number(arg('count', '100000'))
const keep = arg('keep', '0') === '1'
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`

/** A data directory holding 东塘 and `count` issues ending today (so /plan's default windows hold data). */
async function dataDir(): Promise<string> {
  const dir = keep ? join(os.tmpdir(), `cgm-bench-transfer-${count}`) : await mkdtemp(join(os.tmpdir(), 'cgm-bench-transfer-'))
  if (keep && existsSync(join(dir, 'loaded'))) return dir
  await rm(join(dir, 'pglite'), { recursive: true, force: true })
  await mkdir(join(dir, 'pglite'), { recursive: true })
  const t0 = performance.now()
  const db = await openPglite(join(dir, 'pglite'))
  await migrate(db)
  const data = dongtang()
  await db.tx(async (q) => {
    await loadStreet(q, data)
    await loadIssues(q, data.street, generateIssues(data, { count, seed: 7, now: new Date() }))
  })
  await db.exec('VACUUM ANALYZE')
  await db.close()
  if (keep) await mkdir(join(dir, 'loaded'))
  console.log(`loaded ${count} issues in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return dir
}

/** Sums the API response bodies from `action` until the page has had no request in flight for 1.5 s. */
async function measure(page: Page, action: () => Promise<unknown>) {
  let inflight = 0
  let last = Date.now()
  const bodies: Promise<{ url: string; bytes: number }>[] = []
  const onRequest = () => ((inflight += 1), (last = Date.now()))
  const onDone = () => ((inflight -= 1), (last = Date.now()))
  const onResponse = (r: Response) => {
    const u = new URL(r.url())
    if (u.pathname.startsWith('/api/'))
      bodies.push(
        r.body().then(
          (b) => ({ url: u.pathname + u.search, bytes: b.length }),
          () => ({ url: u.pathname, bytes: 0 }),
        ),
      )
  }
  page.on('request', onRequest)
  page.on('requestfinished', onDone)
  page.on('requestfailed', onDone)
  page.on('response', onResponse)
  await action()
  while (inflight > 0 || Date.now() - last < 1500) await page.waitForTimeout(100)
  page.off('request', onRequest)
  page.off('requestfinished', onDone)
  page.off('requestfailed', onDone)
  page.off('response', onResponse)
  const rows = await Promise.all(bodies)
  return { total: rows.reduce((s, r) => s + r.bytes, 0), rows }
}

const dir = await dataDir()
ensureWebBuild()
const server = await spawnServer({ DATA_DIR: dir, SEED: 'none' })
let over = false
const browser = await launch().catch(async (e: unknown) => {
  await server.stop()
  throw e
})
try {
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString()}; ${load()}; ${count} issues`,
  )
  const g = await guardedPage(browser, server.url, { width: 1600, height: 900 })
  await signIn(g, server.url, ['leader', DEMO_PASSWORD])
  const p = g.page
  const steps: [string, () => Promise<unknown>][] = [
    ['open /plan (30 days, heatmap)', () => p.goto(`${server.url}/plan`)],
    ['period → 1 year', () => p.click('[data-range="365d"]')],
    ['status → reported', () => p.click('[data-status="reported"]')],
    ['layer → hexagon bins', () => p.selectOption('select[aria-label="图层"]', 'hex')],
    ['layer → issue points', () => p.selectOption('select[aria-label="图层"]', 'points')],
    ['status → all again (points)', () => p.click('[data-status="reported"]')],
  ]
  for (const [name, action] of steps) {
    const m = await measure(p, action)
    const first = name.startsWith('open')
    if (!first && m.total >= BUDGET) over = true
    console.log(`${name}: ${(m.total / 1024).toFixed(1)} KiB in ${m.rows.length} API responses${first ? ' (page load, not a filter change)' : ''}`)
    for (const r of [...m.rows].sort((a, b) => b.bytes - a.bytes).slice(0, 6))
      console.log(`    ${(r.bytes / 1024).toFixed(1).padStart(8)} KiB  ${decodeURIComponent(r.url).slice(0, 110)}`)
  }
  if (g.errors.length) console.log('console errors:', g.errors)
  await g.close()
  console.log(`end ${new Date().toISOString()}; ${load()}`)
} finally {
  await browser.close()
  await server.stop()
  if (!keep) await rm(dir, { recursive: true, force: true })
}
if (over) {
  console.error(`a filter change downloaded ≥ ${BUDGET} bytes`)
  process.exit(1)
}
