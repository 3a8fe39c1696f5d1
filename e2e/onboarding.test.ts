/**
 * Onboarding a street in the browser: an admin uploads Shapefiles (EPSG:4547, written by ogr2ogr) with
 * a 3 m overlap and a 2 m gap; the check marks each on the preview map with the API's numbers, import
 * stays disabled, a name corrected in the table comes back from the next check. A clean street then
 * imports — on a server of this file's own, since the shared one must keep a single street.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { flawedStreet, shapefileZip, smallStreet, type FC } from '../api/onboarding/test-files.ts'
import { ADMIN } from './harness/accounts.ts'
import { guardedPage } from './harness/browser.ts'
import { startServer, type RunningServer } from './harness/server.ts'
import { loginCookie } from './harness/session.ts'
import { signIn, useSession, type Session } from './harness/session.ts'
import type { GuardedPage } from './harness/browser.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

const CODE = '430111092'
const zip = async (fc: FC) => Buffer.from(await shapefileZip(fc, { srs: 'EPSG:4547', encoding: 'GBK' }))

async function fill(g: GuardedPage, layers: { boundary: FC; communities: FC; grids: FC }, name: string, roads?: FC) {
  await g.page.fill('[data-testid="onboarding-code"]', CODE)
  if (roads)
    await g.page.setInputFiles('[data-testid="onboarding-file-roads"]', {
      name: 'roads.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(roads)),
    })
  await g.page.fill('[data-testid="onboarding-name"]', name)
  for (const layer of ['boundary', 'communities', 'grids'] as const)
    await g.page.setInputFiles(`[data-testid="onboarding-file-${layer}"]`, {
      name: `${layer}.zip`,
      mimeType: 'application/zip',
      buffer: await zip(layers[layer]),
    })
  await g.page.click('[data-testid="onboarding-check"]')
  await g.page.waitForSelector('[data-testid="onboarding-panel"][data-phase="checked"]', { timeout: 60_000 })
  await g.page.waitForSelector('canvas.maplibregl-canvas')
  await g.page.waitForTimeout(800)
}

async function dryRun(s: Session | { url: () => string }, layers: { boundary: FC; communities: FC; grids: FC }, cookie: string): Promise<Json> {
  const form = new FormData()
  form.append('street_code', CODE)
  form.append('name', '接口对照')
  for (const layer of ['boundary', 'communities', 'grids'] as const) form.append(layer, new File([await zip(layers[layer])], `${layer}.zip`))
  const res = await fetch(`${s.url()}/api/v1/admin/streets/import?dry_run=1`, { method: 'POST', body: form, headers: { cookie } })
  return (await res.json()) as Json
}

const login = (url: string) => loginCookie(url, ADMIN)

describe('street onboarding wizard', () => {
  const s = useSession()
  let own: RunningServer | undefined
  afterAll(async () => {
    await own?.stop()
  })

  it('marks the overlap and the gap where the API finds them; import waits until the street is clean', async () => {
    const flawed = flawedStreet()
    const api = await dryRun(s, flawed, await login(s.url()))
    const g = await s.open('/admin?tab=onboarding', { width: 1600, height: 1000 }, 1, ADMIN)
    await fill(g, flawed, '示例街道')
    expect(await g.page.getAttribute('[data-testid="onboarding-error-count"]', 'data-n')).toBe(String(api.errors.length))
    const markers = async (check: string) => (await g.page.$$(`[data-testid="problem-marker"][data-check="${check}"]`)).length
    expect(await markers('overlap')).toBe(api.overlaps.length)
    expect(await markers('gap')).toBe(api.gaps.length)
    expect(api.overlaps.length).toBeGreaterThan(0)
    expect(api.gaps.length).toBeGreaterThan(0)
    const items = await g.page.$$eval('[data-testid="onboarding-problems"] li', (lis) => lis.map((li) => li.textContent ?? ''))
    expect(items.some((t) => t.includes('600 m²'))).toBe(true)
    expect(items.some((t) => t.includes('400 m²'))).toBe(true)
    expect(await g.page.isDisabled('[data-testid="onboarding-commit"]')).toBe(true)
    await g.page.screenshot({ path: 'docs/screenshots/onboarding-check.png' })

    // a marker selects its row
    await g.page.click('[data-testid="problem-marker"][data-check="overlap"]')
    await g.page.waitForSelector('[data-testid="onboarding-problems"] li.on.overlap')

    // a name corrected in the table comes back from the next check
    const nameInput = '[data-testid="row-grids-0"] [data-testid="fix-name"]'
    await g.page.fill(nameInput, '滨江一网格')
    await g.page.press(nameInput, 'Tab')
    await g.page.click('[data-testid="onboarding-check"]')
    await g.page.waitForSelector('[data-testid="onboarding-panel"][data-phase="checked"]', { timeout: 60_000 })
    expect(await g.page.inputValue(nameInput)).toBe('滨江一网格')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })

  it('imports a clean street, which the API then serves beside the first', async () => {
    own = await startServer(process.env.CGM_PGLITE_TEMPLATE!)
    const g = await guardedPage(s.browser(), own.url, { width: 1600, height: 1000 })
    await signIn(g, own.url, ADMIN)
    await g.page.goto(`${own.url}/admin?tab=onboarding`, { waitUntil: 'load' })
    // with its own roads: one across the street, in the same EPSG:4547 metres, 100 m past each side
    const roads = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
      features: [
        {
          type: 'Feature',
          properties: { 道路名称: '新建路', 道路等级: '次干路' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [401_900, 3_120_100],
              [402_500, 3_120_100],
            ],
          },
        },
      ],
    } as FC
    await fill(g, smallStreet(), '新建街道', roads)
    expect(await g.page.getAttribute('[data-testid="onboarding-error-count"]', 'data-n')).toBe('0')
    expect(await g.page.textContent('[data-testid="onboarding-basemap"]')).toContain('道路 1')
    await g.page.screenshot({ path: 'docs/screenshots/onboarding-clean.png' })
    await g.page.click('[data-testid="onboarding-commit"]')
    await g.page.waitForSelector('[data-testid="onboarding-panel"][data-phase="done"]', { timeout: 60_000 })
    // read as the public reads it: the admin of the first street may not read another street's layers
    const grids = (await (await fetch(`${own.url}/api/v1/layers/grids?street=${CODE}`)).json()) as Json
    expect(grids.features).toHaveLength(4)
    const basemap = (await (await fetch(`${own.url}/api/v1/layers/basemap?street=${CODE}`)).json()) as Json
    expect(basemap.features.map((f: Json) => f.properties)).toEqual([{ kind: 'road', name: '新建路', class: 'secondary' }])
    expect(g.errors).toEqual([])
    await g.close()
  })
})
