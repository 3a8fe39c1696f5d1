/**
 * Regenerates the closed-loop pictures of docs/screenshots/ (the phone's work queues, reporting with
 * photos and the duplicate hint, the 答复 form) from a running server with the demo data:
 * `npx tsx e2e/screenshots-loop.mts http://127.0.0.1:8080`. It reports a few problems through the
 * API first, so do not point it at a street's real database. Not a test: someone must look.
 */
import { mkdirSync } from 'node:fs'
import * as turf from '@turf/turf'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { guardedPage, launch, type GuardedPage } from './harness/browser.ts'
import { canvasPhoto } from './harness/photo.ts'
import { signIn, waitForMap, type Account } from './harness/session.ts'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
const OUT = 'docs/screenshots'
const PHONE = { width: 375, height: 812 }
const LEADER: Account = ['leader', DEMO_PASSWORD]
const INSPECTOR: Account = ['inspector', DEMO_PASSWORD]
const GROUP: Account = ['group01', DEMO_PASSWORD]
const MANAGER: Account = ['grid01', DEMO_PASSWORD]
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

const cookies: Record<string, string> = {}
async function call(method: string, path: string, who: Account, body?: unknown): Promise<Json> {
  if (!cookies[who[0]]) {
    const res = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who[0], password: who[1] }),
    })
    cookies[who[0]] = res.headers.get('set-cookie')!.split(';')[0]
  }
  const res = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { cookie: cookies[who[0]], ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return (await res.json()) as Json
}

const grid = (await call('GET', '/auth/me', MANAGER)).user.grids[0] as string
const grids = (await (await fetch(`${origin}/api/v1/layers/grids`)).json()) as Json
const spot = turf.pointOnFeature(grids.features.find((f: Json) => f.properties.code === grid)).geometry.coordinates as [number, number]
const texts: [string, string][] = [
  ['clutter', '单元楼道口堆放旧家具，占用消防通道'],
  ['flyposting', '公交站台立柱张贴小广告'],
  ['exposed_garbage', '巷口垃圾桶满溢，周边有散落垃圾'],
]
for (const [category, description] of texts) await call('POST', '/issues', INSPECTOR, { lon: spot[0], lat: spot[1], category, description })
const assigned = await call('POST', '/issues', INSPECTOR, {
  lon: spot[0],
  lat: spot[1],
  category: 'illegal_building',
  description: '临街门面违规搭建雨棚',
})
await call('POST', `/issues/${assigned.id}/transitions`, LEADER, { action: 'assign' })

const browser = await launch()
mkdirSync(OUT, { recursive: true })

async function open(route: string, who: Account): Promise<GuardedPage> {
  const g = await guardedPage(browser, origin, PHONE, 2)
  await signIn(g, origin, who)
  await g.page.goto(origin + route)
  return g
}

// The leader's 待交办 with two reports chosen.
let g = await open('/patch', LEADER)
await g.page.waitForSelector('[data-testid="queue-item"]')
for (const el of (await g.page.$$('[data-testid="queue-check"]')).slice(0, 2)) await el.check()
await g.page.screenshot({ path: `${OUT}/patch-dispatch.png` })
await g.close()

// The group leader's 本组待办 and the inspector's 待回头看.
g = await open('/patch', GROUP)
await g.page.waitForSelector('[data-testid="work-queue"][data-kind="group"]')
await waitForMap(g, 60_000)
await g.page.screenshot({ path: `${OUT}/patch-group.png` })
await g.close()
g = await open('/patch', INSPECTOR)
await g.page.waitForSelector('[data-testid="work-queue"][data-kind="recheck"]')
await waitForMap(g, 60_000)
await g.page.screenshot({ path: `${OUT}/patch-recheck.png` })
await g.close()

// The grid manager reporting with two photos, the pin on the map named by grid, road and point.
g = await open(`/patch?grid=${grid}`, MANAGER)
await g.context.grantPermissions(['geolocation'])
await g.context.setGeolocation({ longitude: spot[0], latitude: spot[1] })
await waitForMap(g, 60_000)
await g.page.click('[data-testid="report-open"]')
await g.page.setInputFiles('[data-testid="report-photo"]', [
  { name: 'a.png', mimeType: 'image/png', buffer: await canvasPhoto(g.page, '#4a9') },
  { name: 'b.png', mimeType: 'image/png', buffer: await canvasPhoto(g.page, '#c84') },
])
await g.page.click('text=使用当前位置')
await g.page.waitForSelector('[data-testid="report-grid"]')
await g.page.selectOption('select[name="category"]', 'clutter')
await g.page.fill('textarea[name="description"]', '楼道口又堆了纸箱和旧家具')
await g.page.waitForTimeout(800)
await g.page.screenshot({ path: `${OUT}/patch-report.png` })
await g.page.click('[data-testid="report-form"] button[type="submit"]')
await g.page.waitForSelector('[data-testid="report-duplicates"]')
await g.page.$eval('[data-testid="report-duplicates"]', (e) => e.scrollIntoView())
await g.page.screenshot({ path: `${OUT}/patch-duplicate.png` })
await g.page.click('[data-testid="report-keep"]')
await g.close()

// The leader writing an 答复 for an assigned issue.
g = await open(`/patch?issue=${assigned.id}`, LEADER)
await g.page.click('[data-testid="step-answer"]')
await g.page.fill('[data-testid="confirm-note"]', '该雨棚位于待拆迁片区，已纳入片区改造计划，拆迁时一并拆除')
await g.page.screenshot({ path: `${OUT}/patch-answer.png` })
await g.close()
await browser.close()
console.log('written to', OUT)
