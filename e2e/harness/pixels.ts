/**
 * Decodes a PNG screenshot (8-bit RGB/RGBA, not interlaced — what Chromium produces) with zlib and
 * measures how much its pixels vary, so a test can tell a drawn map from a flat or blank canvas.
 */
import { inflateSync } from 'node:zlib'

type Image = { width: number; height: number; channels: number; data: Uint8Array }

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a),
    pb = Math.abs(p - b),
    pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decodes the PNG subset Chromium writes; throws on anything else rather than guessing. */
export function decodePng(buf: Buffer): Image {
  let pos = 8
  let width = 0,
    height = 0,
    channels = 0
  const idat: Buffer[] = []
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos)
    const type = buf.toString('ascii', pos + 4, pos + 8)
    const body = buf.subarray(pos + 8, pos + 8 + len)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, color, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6)) throw new Error(`unsupported PNG ${depth}/${color}/${interlace}`)
      channels = color === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(body)
    pos += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const data = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels] : 0
      const b = y > 0 ? data[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c)
      data[y * stride + x] = (line[x] + pred) & 0xff
    }
  }
  return { width, height, channels, data }
}

/** Luminance standard deviation and number of distinct colours of a PNG screenshot. */
export function pixelStats(png: Buffer): { stddev: number; colours: number } {
  const img = decodePng(png)
  let sum = 0,
    sq = 0
  const colours = new Set<number>()
  const n = img.width * img.height
  for (let i = 0; i < n; i++) {
    const o = i * img.channels
    const [r, g, b] = [img.data[o], img.data[o + 1], img.data[o + 2]]
    const l = 0.299 * r + 0.587 * g + 0.114 * b
    sum += l
    sq += l * l
    colours.add((r << 16) | (g << 8) | b)
  }
  const mean = sum / n
  return { stddev: Math.sqrt(Math.max(0, sq / n - mean * mean)), colours: colours.size }
}
