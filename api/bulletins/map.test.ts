/**
 * The 通报's map shows the street's roads over the scored units, in the SVG (HTML, Word) and in the
 * PNG Word falls back to. Checked against the fixture's roads (Turf lengths, proj4 positions), not
 * against the query that draws them.
 */
import { along, feature, length } from '@turf/turf'
import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { decodePng } from '../../e2e/harness/pixels.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { parseWeek } from '../assessments/week.ts'
import { bulletinData } from './data.ts'
import { mapFrame, mapSvg, ROAD_COLOUR } from './map.ts'
import { mapPng } from './raster.ts'

const EPSG4547 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'
const fixture = dongtang()

/** The length in metres of an absolute SVG path of lines ("M x y L x y … M …"). */
function pathLength(d: string): number {
  let total = 0
  for (const part of d.split('M').slice(1)) {
    const n = part.replace(/L/g, ' ').trim().split(/\s+/).map(Number)
    for (let k = 2; k + 1 < n.length; k += 2) total += Math.hypot(n[k] - n[k - 2], n[k + 1] - n[k - 1])
  }
  return total
}

async function data() {
  const db = await testDb()
  const [{ id }] = await db.query<{ id: number }>('SELECT id FROM streets WHERE code = $1', [fixture.street.code])
  return bulletinData(db, id, parseWeek('2026-W47')!, 'community', TEST_NOW)
}

describe('the 通报 map draws the street roads', () => {
  it('every road of the street, each as long as the fixture says, named in the SVG', async () => {
    const d = await data()
    expect(d.roads.map((r) => r.name).sort()).toEqual(fixture.roads.map((r) => r.name).sort())
    for (const r of fixture.roads) {
      const drawn = d.roads.find((x) => x.name === r.name)!
      // a Gauss-Krüger metre is a ground metre within 0.02 % this close to 114°E; Turf's sphere differs from the ellipsoid by up to ~0.3 %
      expect(Math.abs(pathLength(drawn.d) / length(feature(r.geom), { units: 'meters' }) - 1)).toBeLessThan(0.005)
    }
    const svg = mapSvg(d)
    expect(svg.match(new RegExp(`stroke="${ROAD_COLOUR}"`, 'g'))).toHaveLength(fixture.roads.length)
    for (const r of fixture.roads) expect(svg).toContain(`<title>${r.name}</title>`)
  })

  it('the PNG has the roads: white along the middle of each arterial, and nothing but road pixels changed by them', async () => {
    const d = await data()
    const width = 600
    const withRoads = decodePng(mapPng(d, width).png)
    const without = decodePng(mapPng({ ...d, roads: [] }, width).png)
    const { box } = mapFrame(d)
    const scale = width / box.w
    for (const r of fixture.roads.filter((x) => x.class === 'arterial')) {
      const mid = along(r.geom, length(feature(r.geom)) / 2).geometry.coordinates
      const [x, y] = proj4('EPSG:4326', EPSG4547, mid) as [number, number]
      const col = Math.floor((x - box.x) * scale)
      const row = Math.floor((-y - box.y) * scale)
      // the boundary's outline runs down the road's middle, the page is white outside the street: the
      // road turns the pixels on the street's side white as well
      const white = (img: typeof withRoads) => {
        let n = 0
        for (let dr = -3; dr <= 3; dr++)
          for (let dc = -3; dc <= 3; dc++) {
            const at = ((row + dr) * width + col + dc) * img.channels
            if (img.data[at] === 255 && img.data[at + 1] === 255 && img.data[at + 2] === 255) n++
          }
        return n
      }
      expect(white(withRoads), r.name).toBeGreaterThan(white(without) + 3)
    }
    let changed = 0
    for (let k = 0; k < withRoads.data.length; k += 3) {
      const px = [...withRoads.data.subarray(k, k + 3)]
      if (px.join() === [...without.data.subarray(k, k + 3)].join()) continue
      changed++
      expect(['255,255,255', '138,138,138']).toContain(px.join())
    }
    expect(changed).toBeGreaterThan(1000)
  })
})
