/**
 * The basemap switcher on /plan (issue 19): an admin's raster archive (made here by gdal_translate
 * from a GeoTIFF whose western half is red and eastern half blue) is drawn at its place, a vector
 * archive (ogr2ogr) is drawn with Chinese labels from the local font, the built-in basemap comes
 * back, and no request leaves the origin.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { bbox } from '@turf/turf'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { streetMbtiles, twoColourMbtiles } from '../api/basemaps/test-archives.ts'
import { ADMIN, LEADER } from './harness/accounts.ts'
import { exposeMap, jumpAndSettle, projectOnPage } from './harness/map-handle.ts'
import { decodePng } from './harness/pixels.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'
import type { GuardedPage } from './harness/browser.ts'

const SHOTS = 'docs/screenshots'
const run = Date.now().toString(36)

async function upload(origin: string, cookie: string, name: string, bytes: Uint8Array, attribution: string) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], `${name}.mbtiles`))
  form.append('name', name)
  form.append('attribution', attribution)
  const res = await fetch(`${origin}/api/v1/admin/basemaps`, { method: 'POST', body: form, headers: { cookie } })
  expect(res.status, await res.clone().text()).toBe(201)
}

/** The screenshot's colour at a page pixel. */
async function pixel(g: GuardedPage, at: { x: number; y: number }): Promise<[number, number, number]> {
  const img = decodePng(await g.page.screenshot())
  const i = (Math.round(at.y) * img.width + Math.round(at.x)) * img.channels
  return [img.data[i], img.data[i + 1], img.data[i + 2]]
}

describe('basemap switcher on /plan', () => {
  const s = useSession()

  it('draws the raster archive’s own pixels at its place, a vector archive, then the built-in basemap again', async () => {
    const origin = s.url()
    const boundary = (await (await fetch(`${origin}/api/v1/layers/boundary`)).json()) as FeatureCollection
    const [, south, east, north] = bbox(boundary)
    // The archive lies just east of the street, where no layer of ours is drawn over it.
    const cell = 0.0001
    const [lon, lat] = [east + 0.003, (south + north) / 2]
    const side = 64 * cell
    const cookie = await loginCookie(origin, ADMIN)
    const raster = `ortho-${run}`
    const vector = `osm-${run}`
    await upload(origin, cookie, raster, twoColourMbtiles(lon, lat, cell), '区测绘院')
    await upload(origin, cookie, vector, streetMbtiles((east + lon) / 2, lat), '© OpenStreetMap contributors')

    const g = await s.open('/plan', undefined, undefined, LEADER)
    await waitForMap(g)
    await exposeMap(g.page)
    const center: [number, number] = [lon + side / 2, lat + side / 2]
    await jumpAndSettle(g.page, center, 15)
    const at = {
      west: await projectOnPage(g.page, [lon + side / 4, lat + side / 2]),
      east: await projectOnPage(g.page, [lon + (3 * side) / 4, lat + side / 2]),
    }

    // the built-in basemap: neither red nor blue there
    const before = await pixel(g, at.west)
    expect(before[0] > 200 && before[1] < 60 && before[2] < 60).toBe(false)

    const options = await g.page.$$eval('[data-testid="basemap-select"] option', (os) => os.map((o) => (o as HTMLOptionElement).value))
    expect(options).toEqual(expect.arrayContaining(['', raster, vector]))
    await g.page.selectOption('[data-testid="basemap-select"]', raster)
    await jumpAndSettle(g.page, center, 15)
    const [r1, g1, b1] = await pixel(g, at.west)
    const [r2, g2, b2] = await pixel(g, at.east)
    // GDAL wrote pure red and pure blue; PNG tiles drawn unblended come back within rounding
    expect(Math.abs(r1 - 255) <= 8 && g1 <= 8 && b1 <= 8, `west ${[r1, g1, b1]}`).toBe(true)
    expect(r2 <= 8 && g2 <= 8 && Math.abs(b2 - 255) <= 8, `east ${[r2, g2, b2]}`).toBe(true)
    expect(g.requests.some((p) => p.startsWith(`/api/v1/tiles/${raster}/15/`) || p.startsWith(`/api/v1/tiles/${raster}/14/`))).toBe(true)
    // the map's PNG export (导出图片) holds the chosen basemap: the archive's red and blue at the same places
    const [download] = await Promise.all([g.page.waitForEvent('download'), g.page.click('[data-testid="export-png"]')])
    const png = decodePng(readFileSync((await download.path())!))
    const box = (await g.page.locator('canvas.maplibregl-canvas').boundingBox())!
    const scale = png.width / box.width
    const exported = (p: { x: number; y: number }) => {
      const i = (Math.round((p.y - box.y) * scale) * png.width + Math.round((p.x - box.x) * scale)) * png.channels
      return [png.data[i], png.data[i + 1], png.data[i + 2]]
    }
    const [er, eg, eb] = exported(at.west)
    const [fr, fg, fb] = exported(at.east)
    expect(Math.abs(er - 255) <= 8 && eg <= 8 && eb <= 8, `exported west ${[er, eg, eb]}`).toBe(true)
    expect(fr <= 8 && fg <= 8 && Math.abs(fb - 255) <= 8, `exported east ${[fr, fg, fb]}`).toBe(true)
    mkdirSync(SHOTS, { recursive: true })
    await jumpAndSettle(g.page, [(east + lon) / 2, lat + side / 2], 14.5)
    await g.page.screenshot({ path: `${SHOTS}/basemap-raster.png` })

    await g.page.selectOption('[data-testid="basemap-select"]', vector)
    await jumpAndSettle(g.page, [(east + lon) / 2, lat], 15.5)
    // the synthetic roads are hidden, the archive's layers drawn under ours
    const layers = await g.page.evaluate(() => {
      const m = (
        window as unknown as { __testMap: { getStyle: () => { layers: { id: string }[] }; getLayoutProperty: (id: string, p: string) => unknown } }
      ).__testMap
      return { ids: m.getStyle().layers.map((l) => l.id), roads: m.getLayoutProperty('roads-minor', 'visibility') }
    })
    expect(layers.roads).toBe('none')
    expect(layers.ids.filter((id) => id.startsWith('registered-'))).toEqual(
      expect.arrayContaining(['registered-transportation-line', 'registered-water-fill', 'registered-place-label']),
    )
    expect(layers.ids.indexOf('registered-place-label')).toBeLessThan(layers.ids.indexOf('communities-fill'))
    await g.page.screenshot({ path: `${SHOTS}/basemap-vector.png` })

    await g.page.selectOption('[data-testid="basemap-select"]', '')
    await jumpAndSettle(g.page, center, 15)
    const after = await pixel(g, at.west)
    expect(after[0] > 200 && after[1] < 60 && after[2] < 60).toBe(false)
    expect(await g.page.evaluate(() => localStorage.getItem('cgm.basemap'))).toBe('')

    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
