/**
 * An intranet tile service registered in /admin (issue 19): the admin fills in the template, key and
 * attribution; /plan then draws its tiles (from its own host, which the page's CSP now allows: any
 * refusal would be a console error) and asks no host but the app's and the service's.
 */
import { mkdirSync } from 'node:fs'
import { bbox } from '@turf/turf'
import type { FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, LEADER } from './harness/accounts.ts'
import { exposeMap, jumpAndSettle, projectOnPage } from './harness/map-handle.ts'
import { decodePng } from './harness/pixels.ts'
import { useSession, waitForMap } from './harness/session.ts'
import { png, startTileServer, type TileServer } from './harness/tile-server.ts'

const SHOTS = 'docs/screenshots'
const run = Date.now().toString(36)
const GREEN: [number, number, number] = [40, 170, 60]
let tiles: TileServer

beforeAll(async () => {
  const flat = png(() => GREEN)
  tiles = await startTileServer(5321, () => flat)
})
afterAll(async () => tiles?.close())

describe('an intranet XYZ service registered in /admin', () => {
  const s = useSession()

  it('is drawn on /plan from its own host, which the CSP allows, and no other host is asked', async () => {
    const origin = s.url()
    const before = (await fetch(`${origin}/plan`)).headers.get('content-security-policy') ?? ''
    expect(before).not.toContain(tiles.origin)

    const name = `tdt-${run}`
    const admin = await s.open('/admin?tab=basemaps', undefined, undefined, ADMIN)
    await admin.page.waitForSelector('[data-testid="basemap-service"]')
    const form = admin.page.locator('[data-testid="basemap-service"]')
    await form.locator('input').nth(0).fill(`${tiles.origin}/tdt/{z}/{x}/{y}.png?tk={key}`)
    await form.locator('input').nth(1).fill(name)
    await form.locator('input').nth(2).fill('k3y')
    await form.locator('input').nth(3).fill('天地图·区节点')
    await form.locator('button[type="submit"]').click()
    await admin.page.waitForSelector(`[data-testid="basemap-row-${name}"]`)
    mkdirSync(SHOTS, { recursive: true })
    await admin.page.evaluate(() => document.querySelector('main.content')?.scrollTo(0, 0))
    await admin.page.screenshot({ path: `${SHOTS}/admin-basemaps.png` })
    expect(admin.errors).toEqual([])

    const csp = (await fetch(`${origin}/plan`)).headers.get('content-security-policy') ?? ''
    const img = csp.split(';').find((d) => d.trim().startsWith('img-src')) ?? ''
    expect(img).toContain(tiles.origin)

    const boundary = (await (await fetch(`${origin}/api/v1/layers/boundary`)).json()) as FeatureCollection
    const [, south, east, north] = bbox(boundary)
    const g = await s.open('/plan', undefined, undefined, LEADER)
    await waitForMap(g)
    await exposeMap(g.page)
    await g.page.selectOption('[data-testid="basemap-select"]', name)
    const place: [number, number] = [east + 0.004, (south + north) / 2]
    await jumpAndSettle(g.page, place, 15)
    const at = await projectOnPage(g.page, place)
    const img2 = decodePng(await g.page.screenshot())
    const i = (Math.round(at.y) * img2.width + Math.round(at.x)) * img2.channels
    const got = [img2.data[i], img2.data[i + 1], img2.data[i + 2]]
    expect(
      got.every((v, k) => Math.abs(v - GREEN[k]) <= 3),
      `pixel ${got}`,
    ).toBe(true)
    await jumpAndSettle(g.page, [east - 0.002, (south + north) / 2], 15)
    await g.page.screenshot({ path: `${SHOTS}/basemap-service.png` })
    // the key went where the template said, and the tiles were asked from the service itself
    expect(tiles.asked.length, tiles.asked.slice(0, 3).join()).toBeGreaterThan(0)
    expect(tiles.asked.some((u) => /^\/tdt\/\d+\/\d+\/\d+\.png\?tk=k3y$/.test(u))).toBe(true)
    expect(g.foreign.length).toBeGreaterThan(0)
    expect(g.foreign.filter((u) => new URL(u).origin !== tiles.origin)).toEqual([])
    expect(g.errors).toEqual([])

    // removed again: the CSP closes
    await admin.page.once('dialog', (d) => void d.accept())
    await admin.page.locator(`[data-testid="basemap-row-${name}"] button`).click()
    await admin.page.waitForSelector(`[data-testid="basemap-row-${name}"]`, { state: 'detached' })
    expect((await fetch(`${origin}/plan`)).headers.get('content-security-policy')).not.toContain(tiles.origin)
  })
})
