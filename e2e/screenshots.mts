/**
 * Regenerates docs/screenshots/ from a running server (`npx tsx e2e/screenshots.ts http://127.0.0.1:8080`).
 * Not a test: the pictures are for people, and someone must look at them before committing.
 * Views that need a login sign in as the demo accounts; /admin as `admin` with ADMIN_PASSWORD
 * (default: the test databases' admin password).
 */
import { mkdirSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { TEST_ADMIN_PASSWORD } from '../db/testing/constants.ts'
import { guardedPage, launch } from './harness/browser.ts'
import { signIn, waitForMap, type Account } from './harness/session.ts'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
// Optional: only the pictures whose file name contains this (e.g. `admin`).
const only = process.argv[3] ?? ''
const OUT = 'docs/screenshots'

const LEADER: Account = ['leader', DEMO_PASSWORD]
const INSPECTOR: Account = ['inspector', DEMO_PASSWORD]
const ADMIN: Account = ['admin', process.env.ADMIN_PASSWORD ?? TEST_ADMIN_PASSWORD]

type Shot = { file: string; route: string; width: number; height: number; scale?: number; then?: string; as?: Account; map?: false }
const SHOTS: Shot[] = [
  { file: 'screen-1920x1080.png', route: '/screen', width: 1920, height: 1080 },
  { file: 'plan.png', route: '/plan', width: 1600, height: 900, as: LEADER },
  { file: 'plan-place.png', route: '/plan?level=communities&range=365d', width: 1440, height: 900, then: 'place', as: LEADER },
  { file: 'plan-assess.png', route: '/plan', width: 1440, height: 900, then: 'assess', as: LEADER },
  { file: 'rounds-phone.png', route: '/rounds', width: 375, height: 812, scale: 2, then: 'round', as: INSPECTOR, map: false },
  { file: 'admin-import.png', route: '/admin?tab=imports', width: 1440, height: 900, then: 'import', as: ADMIN, map: false },
  { file: 'plan-hotline.png', route: '/plan', width: 1440, height: 900, then: 'hotline', as: ADMIN },
  { file: 'plan-area.png', route: '/plan?range=90d', width: 1600, height: 900, then: 'area', as: LEADER },
  { file: 'patch-phone.png', route: '/patch', width: 375, height: 812, scale: 2, then: 'grid', as: INSPECTOR },
  { file: 'patch-report.png', route: '/patch', width: 375, height: 812, scale: 2, then: 'report', as: INSPECTOR },
  { file: 'points.png', route: '/points', width: 1600, height: 900 },
  { file: 'login.png', route: '/login?next=/plan', width: 1280, height: 800, then: 'wrong', map: false },
  { file: 'admin.png', route: '/admin', width: 1600, height: 900, as: ADMIN, map: false },
  { file: 'admin-rules.png', route: '/admin?tab=rules', width: 1600, height: 900, as: ADMIN, map: false },
]

const browser = await launch()
mkdirSync(OUT, { recursive: true })
// The grid with the most overdue issues shows the phone view at its busiest.
const grids = (await (await fetch(`${origin}/api/v1/stats/grids`)).json()) as { grid_code: string; overdue: number; open: number }[]
const busiest = [...grids].sort((a, b) => b.overdue - a.overdue || b.open - a.open)[0].grid_code
for (const s of SHOTS.filter((x) => x.file.includes(only))) {
  const g = await guardedPage(browser, origin, { width: s.width, height: s.height }, s.scale ?? 1)
  if (s.as) await signIn(g, origin, s.as)
  await g.page.goto(origin + (s.then === 'grid' || s.then === 'report' ? `${s.route}?grid=${busiest}` : s.route))
  if (s.map === false) await g.page.waitForLoadState('networkidle')
  else await waitForMap(g, 60_000)
  if (s.then === 'wrong') {
    await g.page.fill('input[name="username"]', 'leader')
    await g.page.fill('input[name="password"]', 'wrong-password')
    await g.page.click('[data-testid="login-form"] button[type="submit"]')
    await g.page.waitForSelector('[data-testid="login-error"]')
  }
  if (s.then === 'area') {
    // A block in the middle of the map, drawn as a leader would; the panel waits for the server's analysis.
    const mb = (await (await g.page.$('section.map'))!.boundingBox())!
    await g.page.click('[data-testid="draw-start"]')
    for (const [fx, fy] of [
      [0.35, 0.3],
      [0.62, 0.33],
      [0.66, 0.68],
      [0.32, 0.64],
    ]) {
      await g.page.mouse.click(mb.x + mb.width * fx, mb.y + mb.height * fy)
      await g.page.waitForTimeout(400)
    }
    await g.page.click('[data-testid="draw-finish"]')
    await g.page.waitForSelector('[data-testid="area-panel"][data-state="ready"]', { timeout: 180_000 })
  }
  if (s.then === 'place') {
    // The community with the most overdue cases, its panel and the cases behind its 超期.
    await g.page.waitForSelector('table tbody tr[data-code]')
    // (No named functions inside $$eval: tsx would wrap them in a helper the page does not have.)
    const rows = await g.page.$$eval('table tbody tr[data-code]', (trs) =>
      trs.map((r) => [r.getAttribute('data-code')!, Number(r.querySelector('td[data-col="overdue"]')!.textContent)] as const),
    )
    const code = [...rows].sort((a, b) => b[1] - a[1])[0][0]
    await g.page.click(`table tbody tr[data-code="${code}"]`)
    await g.page.waitForSelector('[data-testid="place-analysis"][data-state="ready"]', { timeout: 90_000 })
    await g.page.click('[data-testid="place-overdue"]')
    await g.page.waitForSelector('[data-testid="place-panel"] [data-testid="case-list"][data-state="ready"]')
  }
  if (s.then === 'assess') {
    // The week's ranking, the map coloured by score, the first community's points.
    await g.page.click('[data-testid="assess-panel"] summary')
    await g.page.waitForSelector('[data-testid="assess-panel"][data-state="ready"]')
    await g.page.click('[data-testid="assess-panel"] tbody tr')
    await g.page.waitForSelector('[data-testid="assess-unit"]')
    await g.page.$eval('[data-testid="assess-panel"]', (e) => e.scrollIntoView())
  }
  if (s.then === 'round') {
    // A round over the second community's points, its first point with one item failed.
    await g.page.waitForSelector('[data-testid="round-community"] option:nth-child(3)', { state: 'attached' })
    await g.page.selectOption('[data-testid="round-community"]', { index: 2 })
    await g.page.uncheck('[data-testid="round-not-this-week"]')
    await g.page.click('[data-testid="round-start"]')
    await g.page.waitForSelector('[data-testid="point-form"][data-state="ready"]', { timeout: 60_000 })
    await waitForMap(g, 60_000)
    await g.page.click('[data-testid="item-fail"]')
    await g.page.click('[data-testid="all-pass"]')
  }
  if (s.then === 'import') {
    // A ledger with two bad rows, as an office might send it: the dry run's report with the errors.
    const points = (await (await fetch(`${origin}/api/v1/layers/points`)).json()) as { features: { properties: Record<string, string> }[] }
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('点位台账')
    ws.addRow(['编号', '名称', '类别', '地址'])
    for (const [k, f] of points.features.slice(0, 12).entries())
      ws.addRow([f.properties.code, k === 4 ? '' : f.properties.name, k === 7 ? '菜场' : f.properties.class_code, '东塘街道'])
    await g.page.click('[data-testid="import-points"]')
    await g.page.setInputFiles('[data-testid="import-file"]', {
      name: '实地点位台账.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    })
    await g.page.waitForSelector('[data-testid="import-dialog"][data-phase="checked"]', { timeout: 60_000 })
  }
  if (s.then === 'hotline') {
    // The 待定位 queue with its first order being placed on the map.
    await g.page.waitForSelector('[data-testid="hotline-queue"] li')
    await g.page.click('[data-testid="hotline-queue"] li [data-testid="hotline-place"]')
    await g.page.waitForSelector('[data-testid="hotline-dialog"] canvas.maplibregl-canvas')
    await g.page.waitForTimeout(1500)
    const box = (await (await g.page.$('[data-testid="hotline-dialog"] .map'))!.boundingBox())!
    await g.page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.55)
  }
  if (s.then === 'report') {
    await g.page.click('[data-testid="report-open"]')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const mb = (await (await g.page.$('[data-testid="map"]'))!.boundingBox())!
    await g.page.mouse.click(mb.x + mb.width / 2, mb.y + mb.height / 2)
  }
  await g.page.waitForTimeout(2500)
  await g.page.screenshot({ path: `${OUT}/${s.file}` })
  console.log(s.file, g.errors.length ? g.errors : 'no console errors', g.foreign.length ? g.foreign : 'no outside requests')
  await g.close()
}
await browser.close()
