import * as turf from '@turf/turf'
import gcoord from 'gcoord'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { flawedStreet } from './test-files.ts'
import { areas4547, dongtangBeside, geojson, postImport, shapefileZip, type FC } from './test-helpers.ts'

const STREET = '430111097'
const base = dongtangBeside(STREET)
// the reference areas: GDAL's projection to EPSG:4547 and the shoelace formula (the Gauss-Krüger scale
// at 长沙, 1° from the central meridian, changes an area by about 0.02 %)
const sourceAreas = areas4547(base.grids)
const form = (layers: Record<string, unknown>, extra: Record<string, string> = {}) =>
  ({ street_code: STREET, name: '测试街道', ...layers, ...extra }) as never

describe('POST /admin/streets/import (dry run)', () => {
  it('reads Shapefiles in EPSG:4547 with a GBK .dbf and no .cpg: CRS from the .prj, names decoded, no problem', async () => {
    const zip = (fc: FC) => shapefileZip(fc, { srs: 'EPSG:4326', toSrs: 'EPSG:4547', encoding: 'GBK', drop: ['.cpg'] })
    const r = await postImport(
      form({
        boundary: [await zip(base.boundary), 'boundary.zip'],
        communities: [await zip(base.communities), 'communities.zip'],
        grids: [await zip(base.grids), 'grids.zip'],
      }),
    )
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200)
    expect(r.body.crs).toEqual({ boundary: 'EPSG:4547', communities: 'EPSG:4547', grids: 'EPSG:4547' })
    expect(r.body.errors).toEqual([])
    expect(r.body.gaps).toEqual([])
    expect(r.body.overlaps).toEqual([])
    expect(r.body.counts).toMatchObject({ boundary: 1, communities: base.communities.features.length, grids: base.grids.features.length })
    const names = r.body.preview.communities.map((c: { name: string }) => c.name)
    expect(names).toEqual(base.communities.features.map((f) => f.properties['社区名称']))
    // areas after the round trip through EPSG:4547 equal the source's within 0.1 %
    sourceAreas.forEach((a, k) => expect(Math.abs(r.body.preview.grids[k].area_m2 - a) / a).toBeLessThan(0.001))
  })

  it('takes a GeoJSON traced on a GCJ-02 map when the user says so, and lands it where the WGS84 source is', async () => {
    const gcj = (fc: FC): FC => gcoord.transform(structuredClone(fc) as never, gcoord.WGS84, gcoord.GCJ02) as unknown as FC
    const r = await postImport(
      form({ boundary: geojson(gcj(base.boundary)), communities: geojson(gcj(base.communities)), grids: geojson(gcj(base.grids)) }, { crs: 'gcj02' }),
    )
    expect(r.status).toBe(200)
    expect(r.body.crs.grids).toBe('gcj02')
    expect(r.body.errors).toEqual([])
    for (const [k, f] of base.grids.features.entries()) {
      const got = r.body.preview.grids[k]
      expect(Math.abs(got.area_m2 - sourceAreas[k]) / sourceAreas[k]).toBeLessThan(0.001)
      // within 1 m of the source's centroid (GCJ-02 offsets are ~500 m here, so a missed conversion fails)
      const d = turf.distance(turf.centroid(got.geometry), turf.centroid(f as Feature<Polygon | MultiPolygon>), { units: 'meters' })
      expect(d).toBeLessThan(1)
    }
  })

  it('reports a 3 m overlap and a 2 m gap with their areas (from EPSG:4547 metres)', async () => {
    // boundary 400 × 200 m, two communities, four grids of 100 × 200 m, except that grid 2 reaches
    // 3 m into grid 3 and grid 4 starts 2 m after grid 3 ends
    const { boundary, communities, grids } = flawedStreet()
    const zip = (f: FC) => shapefileZip(f, { srs: 'EPSG:4547', encoding: 'GBK' })
    const r = await postImport(
      form({ boundary: [await zip(boundary), 'b.zip'], communities: [await zip(communities), 'c.zip'], grids: [await zip(grids), 'g.zip'] }),
    )
    expect(r.status).toBe(200)
    const gridOverlaps = r.body.overlaps.filter((o: { layer: string }) => o.layer === 'grids')
    const gridGaps = r.body.gaps.filter((o: { layer: string }) => o.layer === 'grids')
    expect(gridOverlaps).toHaveLength(1)
    expect(gridGaps).toHaveLength(1)
    // planar areas in the file's own metres: 3 × 200 and 2 × 200 (the Gauss-Krüger scale 1 km from the
    // central meridian's neighbourhood changes an area by well under 0.1 %)
    expect(Math.abs(gridOverlaps[0].area_m2 - 600) / 600).toBeLessThan(0.001)
    expect(Math.abs(gridGaps[0].area_m2 - 400) / 400).toBeLessThan(0.001)
    // the generated codes: 街道 + 社区序号 + 网格序号; the overlap names the two grids
    expect(gridOverlaps[0].grids).toEqual([`${STREET}00102`, `${STREET}00201`])
    expect(r.body.errors.map((e: { check: string }) => e.check).sort()).toEqual(['gap', 'overlap'])
    // grid 二 reaches 3 m into 乙社区: a warning, with its area
    const out = r.body.warnings.filter((w: { check: string }) => w.check === 'outside_community')
    expect(out.map((w: { area_m2: number }) => Math.round(w.area_m2))).toEqual([600])
  })
})
