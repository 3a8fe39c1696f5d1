/**
 * A PNG of the score map for the Word 通报: Word needs a raster beside an SVG (WPS shows only the
 * raster), and the server has no image library, so the units are filled scanline by scanline from
 * their SVG paths and written as an 8-bit RGB PNG with zlib.
 */
import { crc32, deflateSync } from 'node:zlib'
import { scoreColour } from './colours.ts'
import type { BulletinData } from './data.ts'
import { LEGEND, mapFrame, ROAD_COLOUR, ROAD_EDGE, roadWidth } from './map.ts'

/**
 * The parts of an absolute ST_AsSVG path ("M x y L x y … [Z]"), y already negated: the rings of a
 * polygon (at least 3 points) or the lines of a road (at least 2).
 */
function parts(d: string, least = 3): [number, number][][] {
  const out: [number, number][][] = []
  for (const part of d.split(/M/).slice(1)) {
    const nums = part.replace(/[LZz]/g, ' ').trim().split(/\s+/).map(Number)
    const ring: [number, number][] = []
    for (let k = 0; k + 1 < nums.length; k += 2) ring.push([nums[k], nums[k + 1]])
    if (ring.length >= least) out.push(ring)
  }
  return out
}

/** Paints the pixels within `thickness` of each segment of a polyline (a square brush along it). */
function strokeLine(px: Buffer, width: number, height: number, line: [number, number][], thickness: number, [r, g, b]: number[], closed = false) {
  const half = Math.max(0, (thickness - 1) / 2)
  const n = closed ? line.length : line.length - 1
  for (let k = 0; k < n; k++) {
    const [x1, y1] = line[k]
    const [x2, y2] = line[(k + 1) % line.length]
    const steps = Math.ceil(Math.hypot(x2 - x1, y2 - y1)) + 1
    for (let s = 0; s <= steps; s++) {
      const cx = x1 + ((x2 - x1) * s) / steps
      const cy = y1 + ((y2 - y1) * s) / steps
      for (let row = Math.floor(cy - half); row <= Math.floor(cy + half); row++)
        for (let col = Math.floor(cx - half); col <= Math.floor(cx + half); col++)
          if (col >= 0 && col < width && row >= 0 && row < height) px.set([r, g, b], (row * width + col) * 3)
    }
  }
}

const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16))

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** Fills the pixels of a rectangle given in map units. */
function fillRect(px: Buffer, width: number, height: number, [x0, y0, x1, y1]: number[], [r, g, b]: number[]) {
  for (let row = Math.max(0, Math.round(y0)); row < Math.min(height, Math.round(y1)); row++)
    for (let col = Math.max(0, Math.round(x0)); col < Math.min(width, Math.round(x1)); col++) px.set([r, g, b], (row * width + col) * 3)
}

/**
 * The map as a PNG `width` pixels wide, framed as the SVG is (mapFrame): white background, units in
 * their score colours with dark outlines, the street's roads over them, and the legend's colour boxes
 * (its words only in the SVG).
 */
export function mapPng(d: BulletinData, width = 600): { png: Buffer; width: number; height: number } {
  const { box, font, lx, legendY } = mapFrame(d)
  const height = Math.max(1, Math.round((width * box.h) / box.w))
  const px = Buffer.alloc(width * height * 3, 255)
  const scale = width / box.w
  const xmin = box.x
  const ymax = -box.y
  LEGEND.forEach(([colour], k) => {
    const [x, y] = [(lx - box.x) * scale, (legendY(k) - box.y) * scale]
    fillRect(px, width, height, [x - 1, y - 1, x + font * scale + 1, y + font * scale + 1], [51, 51, 51])
    fillRect(px, width, height, [x, y, x + font * scale, y + font * scale], rgb(colour))
  })
  const score = new Map(d.rows.map((r) => [r.code, r.score]))
  for (const m of d.map) {
    const [r, g, b] = rgb(scoreColour(score.get(m.code) ?? null))
    // even-odd fill over all rings of the unit (holes stay empty)
    const rs = parts(m.d).map((ring) => ring.map(([x, y]) => [(x - xmin) * scale, (y + ymax) * scale] as [number, number]))
    for (let row = 0; row < height; row++) {
      const y = row + 0.5
      const xs: number[] = []
      for (const ring of rs)
        for (let k = 0; k < ring.length; k++) {
          const [x1, y1] = ring[k]
          const [x2, y2] = ring[(k + 1) % ring.length]
          if (y1 <= y !== y2 <= y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1))
        }
      xs.sort((a, b2) => a - b2)
      for (let k = 0; k + 1 < xs.length; k += 2)
        for (let col = Math.max(0, Math.ceil(xs[k] - 0.5)); col < Math.min(width, Math.ceil(xs[k + 1] - 0.5)); col++) {
          const at = (row * width + col) * 3
          px[at] = r
          px[at + 1] = g
          px[at + 2] = b
        }
    }
  }
  // the street's roads over the units, as in the SVG: a grey edge, then the white line
  const toPx = (line: [number, number][]) => line.map(([x, y]) => [(x - xmin) * scale, (y + ymax) * scale] as [number, number])
  for (const road of d.roads) {
    const w = Math.max(1, roadWidth(road.class, font) * scale)
    for (const line of parts(road.d, 2).map(toPx)) strokeLine(px, width, height, line, w + 2, rgb(ROAD_EDGE))
  }
  for (const road of d.roads) {
    const w = Math.max(1, roadWidth(road.class, font) * scale)
    for (const line of parts(road.d, 2).map(toPx)) strokeLine(px, width, height, line, w, rgb(ROAD_COLOUR))
  }
  // outlines over the roads (which run along many unit edges): darken the pixels each edge passes through
  for (const m of d.map) for (const ring of parts(m.d).map(toPx)) strokeLine(px, width, height, ring, 1, [51, 51, 51], true)
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let row = 0; row < height; row++) px.copy(raw, row * (width * 3 + 1) + 1, row * width * 3, (row + 1) * width * 3)
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return { png, width, height }
}
