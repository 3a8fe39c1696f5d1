import * as turf from '@turf/turf'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'

type Fc = FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>

// The ten communities and their NBS 2023 codes (docs: dongtang-facts.md) — inputs, not outputs.
const COMMUNITIES: Record<string, string> = {
  '430111005001': '浦沅社区',
  '430111005002': '省人大社区',
  '430111005003': '政院社区',
  '430111005004': '牛婆塘社区',
  '430111005005': '新雨社区',
  '430111005006': '芙蓉南路社区',
  '430111005007': '七里庙社区',
  '430111005008': '枫树山社区',
  '430111005009': '东塘社区',
  '430111005010': '华银园社区',
}

/** One of the 东塘 ledger's own points (other test files import tagged points into the same street). */
const ledger = (f: { properties: Record<string, unknown> }) => /^P\d{3}$/.test(String(f.properties.code))

describe('GET /api/v1/layers', () => {
  it('serves the street boundary with an area of about 2.4 km² that matches Turf', async () => {
    const { status, body } = await getJson<Fc>('/api/v1/layers/boundary')
    expect(status).toBe(200)
    expect(body.features).toHaveLength(1)
    const f = body.features[0]
    expect(f.properties.code).toBe('430111005')
    const turfArea = turf.area(f)
    expect(turfArea / 1e6).toBeGreaterThan(2.3)
    expect(turfArea / 1e6).toBeLessThan(2.5)
    expect(Math.abs((f.properties.area_m2 as number) - turfArea) / turfArea).toBeLessThan(0.005)
  })

  it('serves the ten communities with their real codes and names', async () => {
    const { body } = await getJson<Fc>('/api/v1/layers/communities')
    const got = Object.fromEntries(body.features.map((f) => [f.properties.code, f.properties.name]))
    expect(got).toEqual(COMMUNITIES)
  })

  it('serves 30–60 grids whose codes extend their community code and whose areas match Turf', async () => {
    const { body } = await getJson<Fc>('/api/v1/layers/grids')
    expect(body.features.length).toBeGreaterThanOrEqual(30)
    expect(body.features.length).toBeLessThanOrEqual(60)
    for (const f of body.features) {
      const p = f.properties
      expect(String(p.code).startsWith(String(p.community_code))).toBe(true)
      const a = turf.area(f)
      expect(Math.abs((p.area_m2 as number) - a) / a).toBeLessThan(0.005)
    }
    const one = await getJson<Fc>('/api/v1/layers/grids?community=430111005010')
    expect(one.body.features.length).toBeGreaterThan(0)
    expect(one.body.features.every((f) => f.properties.community_code === '430111005010')).toBe(true)
  })

  it('serves 83 field points in 16 classes, without contacts for an anonymous reader', async () => {
    const { body } = await getJson<Fc>('/api/v1/layers/points')
    // The street's own ledger (P001…P083); import tests add tagged points of their own meanwhile.
    expect(body.features.filter(ledger)).toHaveLength(83)
    expect(new Set(body.features.map((f) => f.properties.class_code)).size).toBe(16)
    for (const f of body.features) {
      expect(f.properties.class_name).toBeTruthy()
      expect(f.properties.grid_code).toMatch(/^\d{14}$/)
      expect(f.properties).not.toHaveProperty('contact_phone')
    }
  })

  it('assigns each field point to a grid that contains it (checked with Turf)', async () => {
    const [{ body: pts }, { body: grids }] = await Promise.all([getJson<Fc>('/api/v1/layers/points'), getJson<Fc>('/api/v1/layers/grids')])
    const byCode = new Map(grids.features.map((g) => [g.properties.code, g]))
    for (const p of pts.features) {
      const g = byCode.get(p.properties.grid_code as string)!
      expect(turf.booleanPointInPolygon(p as GeoJSON.Feature<GeoJSON.Point>, g as GeoJSON.Feature<GeoJSON.Polygon>)).toBe(true)
    }
  })

  it('serves 23 shared-bike zones and the offline basemap', async () => {
    const zones = await getJson<Fc>('/api/v1/layers/bike-zones')
    expect(zones.body.features).toHaveLength(23)
    expect(zones.body.features.every((f) => (f.properties.capacity as number) > 0)).toBe(true)
    const base = await getJson<Fc>('/api/v1/layers/basemap')
    const roads = base.body.features.filter((f) => f.properties.kind === 'road').map((f) => f.properties.name)
    expect(roads).toEqual(expect.arrayContaining(['芙蓉中路', '劳动路', '韶山中路']))
  })

  it('rejects unknown parameters and bad codes with the contract error shape', async () => {
    const unknown = await getJson<{ error: { code: string; message: string } }>('/api/v1/layers/grids?colour=red')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('colour')
    const bad = await getJson<{ error: { code: string } }>('/api/v1/layers/boundary?street=abc')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_parameter')
    const missing = await getJson<{ error: { code: string } }>('/api/v1/layers/boundary?street=999999999')
    expect(missing.status).toBe(404)
  })
})

describe('GET /api/v1/layers/points for signed-in roles', () => {
  it('shows the ledger contacts to a leader, and only their own grids to a grid manager', async () => {
    const { loginCookie } = await import('../../db/testing/app.ts')
    const { DEMO_PASSWORD } = await import('../auth/bootstrap.ts')
    const leader = await getJson<Fc>('/api/v1/layers/points', { headers: { cookie: await loginCookie('leader', DEMO_PASSWORD) } })
    expect(leader.body.features.filter(ledger)).toHaveLength(83)
    expect(leader.body.features.every((f) => typeof f.properties.contact_phone === 'string')).toBe(true)
    const me = await getJson<{ user: { grids: string[] } }>('/api/v1/auth/me', { headers: { cookie: await loginCookie('grid01', DEMO_PASSWORD) } })
    const mine = new Set(me.body.user.grids)
    const all = await getJson<Fc>('/api/v1/layers/points')
    const expected = all.body.features.filter((f) => mine.has(f.properties.grid_code as string)).length
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(83)
    const gm = await getJson<Fc>('/api/v1/layers/points', { headers: { cookie: await loginCookie('grid01', DEMO_PASSWORD) } })
    expect(gm.body.features).toHaveLength(expected)
    expect(gm.body.features.every((f) => mine.has(f.properties.grid_code as string))).toBe(true)
  })
})
