/**
 * A GCJ-02 basemap (issue 19): a stand-in 高德-style service draws a magenta ring around the GCJ-02
 * position of a known WGS84 point P; on /plan with that basemap, the map's overlays are shifted into
 * GCJ-02, so a WGS84 GeoJSON point at P (added through the map like every feature's layers) is drawn
 * at the ring's centre (≤ 2 px at z18), and a click there reaches the app as P again, in WGS84.
 */
import { mkdirSync } from 'node:fs'
import { bbox } from '@turf/turf'
import gcoord from 'gcoord'
import type { FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, LEADER } from './harness/accounts.ts'
import { exposeMap, jumpAndSettle } from './harness/map-handle.ts'
import { decodePng } from './harness/pixels.ts'
import { loginCookie, useSession, waitForMap } from './harness/session.ts'
import { png, startTileServer, type TileServer } from './harness/tile-server.ts'

const SHOTS = 'docs/screenshots'
const run = Date.now().toString(36)
let tiles: TileServer
let P: [number, number] = [0, 0]
let G: [number, number] = [0, 0]

/** Web-Mercator world pixel of [lng, lat] at zoom z (256 px tiles). */
function worldPx([lng, lat]: [number, number], z: number): [number, number] {
  const size = 256 * 2 ** z
  const s = Math.sin((lat * Math.PI) / 180)
  return [((lng + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size]
}

beforeAll(async () => {
  tiles = await startTileServer(5322, (z, x, y) => {
    const [cx, cy] = worldPx(G, z)
    return png((i, j) => {
      const d = Math.hypot(x * 256 + i + 0.5 - cx, y * 256 + j + 0.5 - cy)
      return d >= 8 && d <= 14 ? [255, 0, 255] : [214, 214, 214]
    })
  })
})
afterAll(async () => tiles?.close())

/** Centroid (page px) of the screenshot's pixels that `match`, and their count. */
function centroid(shot: Buffer, match: (r: number, g: number, b: number) => boolean) {
  const img = decodePng(shot)
  let [sx, sy, n] = [0, 0, 0]
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * img.channels
      if (match(img.data[i], img.data[i + 1], img.data[i + 2])) [sx, sy, n] = [sx + x + 0.5, sy + y + 0.5, n + 1]
    }
  return { x: sx / n, y: sy / n, n }
}

describe('a GCJ-02 basemap', () => {
  const s = useSession()

  it('draws WGS84 overlays on the GCJ-02 tile’s pixel (≤ 2 px at z18) and clicks come back in WGS84', async () => {
    const origin = s.url()
    const boundary = (await (await fetch(`${origin}/api/v1/layers/boundary`)).json()) as FeatureCollection
    const [, south, east, north] = bbox(boundary)
    P = [east + 0.003, (south + north) / 2]
    G = gcoord.transform(P, gcoord.WGS84, gcoord.GCJ02) as [number, number]

    const cookie = await loginCookie(origin, ADMIN)
    const name = `amap-${run}`
    const made = await fetch(`${origin}/api/v1/admin/basemaps`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name, url: `${tiles.origin}/{z}/{x}/{y}.png`, crs: 'gcj02', maxzoom: 19 }),
    })
    expect(made.status).toBe(201)

    const g = await s.open('/plan', undefined, undefined, LEADER)
    await waitForMap(g)
    await exposeMap(g.page)
    await g.page.selectOption('[data-testid="basemap-select"]', name)
    // P in WGS84, added the way every feature adds its layers
    await g.page.evaluate((p) => {
      const m = (window as unknown as { __testMap: { addSource: (id: string, s: object) => void; addLayer: (l: object) => void } }).__testMap
      m.addSource('gcj-probe', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } } })
      m.addLayer({ id: 'gcj-probe', type: 'circle', source: 'gcj-probe', paint: { 'circle-radius': 5, 'circle-color': '#00ffff' } })
    }, P)
    // the camera in drawn (GCJ-02) coordinates, centred on the ring
    await jumpAndSettle(g.page, G, 18)
    const shot = await g.page.screenshot()
    const ring = centroid(shot, (r, gr, b) => r > 200 && gr < 90 && b > 200)
    const dot = centroid(shot, (r, gr, b) => r < 90 && gr > 200 && b > 200)
    expect(ring.n).toBeGreaterThan(300)
    expect(dot.n).toBeGreaterThan(30)
    const off = Math.hypot(ring.x - dot.x, ring.y - dot.y)
    expect(off, `ring ${ring.x},${ring.y} dot ${dot.x},${dot.y}`).toBeLessThanOrEqual(2)

    // a click on the drawn point reaches the app as P in WGS84 (z18 ≈ 0.53 m a pixel here)
    await g.page.evaluate(() => {
      const w = window as unknown as {
        __testMap: { once: (e: string, f: (e: { lngLat: { lng: number; lat: number } }) => void) => void }
        __clicked?: number[]
      }
      w.__testMap.once('click', (e) => (w.__clicked = [e.lngLat.lng, e.lngLat.lat]))
    })
    await g.page.mouse.click(dot.x, dot.y)
    const clicked = (await g.page.evaluate(() => (window as unknown as { __clicked?: number[] }).__clicked)) as [number, number]
    const metres = Math.hypot((clicked[0] - P[0]) * 111320 * Math.cos((P[1] * Math.PI) / 180), (clicked[1] - P[1]) * 110574)
    expect(metres).toBeLessThan(1.1)
    // the shift itself is hundreds of metres: without it the click would be far off
    expect(Math.hypot((G[0] - P[0]) * 111320 * Math.cos((P[1] * Math.PI) / 180), (G[1] - P[1]) * 110574)).toBeGreaterThan(300)

    mkdirSync(SHOTS, { recursive: true })
    await jumpAndSettle(g.page, [G[0] - 0.004, G[1]], 16)
    await g.page.screenshot({ path: `${SHOTS}/basemap-gcj02.png` })
    expect(g.errors).toEqual([])
    expect(g.foreign.filter((u) => new URL(u).origin !== tiles.origin)).toEqual([])
  })
})
