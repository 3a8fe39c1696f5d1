import bbox from '@turf/bbox'
import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { geojson, postImport, smallStreet } from './test-helpers.ts'

const STREET = '430111095'
const send = (layers: ReturnType<typeof smallStreet>, extra: Record<string, string> = {}) =>
  postImport({
    street_code: STREET,
    name: '测试街道',
    boundary: geojson(layers.boundary),
    communities: geojson(layers.communities),
    grids: geojson(layers.grids),
    ...extra,
  })
const checks = (list: { check: string }[]) => list.map((e) => e.check).sort()

describe('street import checks', () => {
  it('generates missing codes as 街道 + 社区 + 序号, in file order, and keeps a good code as given', async () => {
    const s = smallStreet()
    s.communities.features[1].properties.code = `${STREET}007`
    const r = await send(s)
    expect(r.status).toBe(200)
    expect(r.body.errors).toEqual([])
    expect(r.body.preview.communities.map((c: { code: string }) => c.code)).toEqual([`${STREET}001`, `${STREET}007`])
    // grids take their community by place (no attribute names one) and number within it
    expect(r.body.preview.grids.map((g: { code: string }) => g.code)).toEqual([
      `${STREET}00101`,
      `${STREET}00102`,
      `${STREET}00701`,
      `${STREET}00702`,
    ])
    expect(checks(r.body.warnings)).toEqual(Array(5).fill('generated_code'))
  })

  it('reports repeated codes, codes of the wrong form and a grid whose code is not under its community', async () => {
    const s = smallStreet()
    s.communities.features[0].properties.code = `${STREET}001`
    s.communities.features[1].properties.code = `${STREET}001`
    s.grids.features[0].properties.code = '12345'
    s.grids.features[1].properties.code = `${STREET}00201`
    const r = await send(s)
    expect(checks(r.body.errors)).toEqual(['bad_code', 'bad_code', 'duplicate_code'])
    const dup = r.body.errors.find((e: { check: string }) => e.check === 'duplicate_code')
    expect(dup).toMatchObject({ layer: 'communities', index: 1 })
    expect(dup.message).toMatch(/重复/)
  })

  it('finds a self-intersecting grid with PostGIS’s reason and offers the ST_MakeValid repair', async () => {
    const s = smallStreet()
    const g = s.grids.features[3].geometry as Polygon
    const [a, b, c, d] = g.coordinates[0]
    g.coordinates[0] = [a, c, b, d, a] // a bow-tie over the same square
    const r = await send(s)
    expect(r.body.repairable).toBe(1)
    const bad = r.body.errors.find((e: { check: string }) => e.check === 'invalid_polygon')
    expect(bad).toMatchObject({ layer: 'grids', index: 3 })
    expect(bad.message).toMatch(/Self-intersection/)
    // the marker is the crossing: the centre of the rectangle (within about 1 m)
    const box = bbox(r.body.preview.grids[3].geometry)
    expect(Math.abs(bad.lon - (box[0] + box[2]) / 2)).toBeLessThan(1e-5)
    expect(Math.abs(bad.lat - (box[1] + box[3]) / 2)).toBeLessThan(1e-5)
    const fixed = await send(s, { repair: '1' })
    expect(checks(fixed.body.errors)).not.toContain('invalid_polygon')
    expect(checks(fixed.body.warnings)).toContain('repaired')
  })

  it('reports a grid reaching out of the boundary and a thin sliver, and applies the table’s fixes', async () => {
    const s = smallStreet()
    const g = s.grids.features[3].geometry as Polygon
    g.coordinates[0][1][0] += 10 // the south-east corner 10 m out: a triangle of 10 × 200 / 2 = 1000 m² outside
    const r = await send(s, { fixes: JSON.stringify([{ layer: 'grids', index: 0, name: '改名网格', code: `${STREET}00105` }]) })
    const out = r.body.errors.find((e: { check: string }) => e.check === 'outside_boundary')
    expect(out).toMatchObject({ layer: 'grids', index: 3 })
    expect(Math.abs(out.area_m2 - 1000) / 1000).toBeLessThan(0.001)
    expect(r.body.preview.grids[0]).toMatchObject({ name: '改名网格', code: `${STREET}00105` })

    const t = smallStreet()
    const thin = t.grids.features[0].geometry as Polygon
    // a 0.5 m wide, 100 m long strip as a second part of grid 1: a sliver
    t.grids.features[0].geometry = {
      type: 'MultiPolygon',
      coordinates: [
        thin.coordinates,
        [
          [
            [402_000, 3_120_300],
            [402_100, 3_120_300],
            [402_100, 3_120_300.5],
            [402_000, 3_120_300.5],
            [402_000, 3_120_300],
          ],
        ],
      ],
    } as never
    const r2 = await send(t)
    expect(checks(r2.body.warnings)).toContain('sliver')
  })
})
