import { describe, expect, it } from 'vitest'
import { tileOf, tilesOver } from './tiles.ts'

/** The tile's corners by the inverse formula (OSM's slippy-map definition), to check tileOf against. */
function corners(z: number, x: number, y: number) {
  const n = 2 ** z
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: lat(y), south: lat(y + 1) }
}

describe('tiles', () => {
  it('puts a point of 东塘 inside the tile it names, at every zoom 14–18', () => {
    const [lon, lat] = [113.0032, 28.1741]
    for (let z = 14; z <= 18; z++) {
      const [x, y] = tileOf(lon, lat, z)
      const c = corners(z, x, y)
      expect(lon).toBeGreaterThanOrEqual(c.west)
      expect(lon).toBeLessThan(c.east)
      expect(lat).toBeLessThanOrEqual(c.north)
      expect(lat).toBeGreaterThan(c.south)
    }
  })

  it('covers an area with exactly the tiles whose extent meets it', () => {
    const box: [number, number, number, number] = [112.995, 28.168, 113.012, 28.181]
    const got = tilesOver(box, 14, 18)
    for (let z = 14; z <= 18; z++) {
      // brute force: every tile of a generous neighbourhood whose extent overlaps the box
      const [cx, cy] = tileOf(113.0, 28.17, z)
      const want: string[] = []
      for (let x = cx - 40; x <= cx + 40; x++)
        for (let y = cy - 40; y <= cy + 40; y++) {
          const c = corners(z, x, y)
          if (c.west <= box[2] && c.east > box[0] && c.south < box[3] && c.north >= box[1]) want.push(`${x}/${y}`)
        }
      const mine = got.filter((t) => t.z === z).map((t) => `${t.x}/${t.y}`)
      expect(mine.sort()).toEqual(want.sort())
    }
  })
})
