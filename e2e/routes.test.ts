/**
 * Every route of the app loads in Chromium from our own server with no console error, no request to
 * any other host, and a map canvas that really drew something (its pixels vary).
 */
import { describe, expect, it } from 'vitest'
import { pixelStats } from './harness/pixels.ts'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

const ROUTES = ['/screen', '/plan', '/patch', '/points']
// /plan and /patch need a login (web/router.ts); the public routes are opened anonymously.
const NEEDS_LOGIN = new Set(['/plan', '/patch'])

describe('each route', () => {
  const s = useSession()

  for (const route of ROUTES) {
    it(`${route} loads cleanly and draws its map`, async () => {
      const g = await s.open(route, undefined, undefined, NEEDS_LOGIN.has(route) ? LEADER : undefined)
      await waitForMap(g)
      expect(new URL(g.page.url()).pathname).toBe(route)
      const canvas = await g.page.$('canvas.maplibregl-canvas')
      const png = await canvas!.screenshot()
      const stats = pixelStats(png)
      expect(g.errors).toEqual([])
      expect(g.foreign).toEqual([])
      // A drawn street map (blocks, roads, grid outlines, data) has many colours and visible contrast;
      // an empty or failed WebGL canvas is one flat colour.
      expect(stats.colours).toBeGreaterThan(50)
      expect(stats.stddev).toBeGreaterThan(8)
      expect(g.requests.some((r) => r.startsWith('/api/v1/'))).toBe(true)
    })
  }

  it('unknown paths fall back to the app (SPA) without errors', async () => {
    const g = await s.open('/no-such-page')
    await g.page.waitForLoadState('networkidle')
    expect(new URL(g.page.url()).pathname).toBe('/screen')
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
