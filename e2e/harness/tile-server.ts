/**
 * A stand-in for an intranet tile service (a 天地图 node, a GIS server) on another origin: every
 * `/{z}/{x}/{y}.png` is one flat colour, or what `tile(z, x, y)` draws. It records what was asked.
 */
import { createServer, type Server } from 'node:http'
import { deflateSync, crc32 } from 'node:zlib'

/** A 256 × 256 RGB PNG from `rgb(px, py)` (a tiny encoder: filter 0 rows, one IDAT). */
export function png(rgb: (px: number, py: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc(256 * (1 + 256 * 3))
  for (let y = 0; y < 256; y++) {
    const row = y * (1 + 256 * 3)
    for (let x = 0; x < 256; x++) raw.set(rgb(x, y), row + 1 + x * 3)
  }
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(body.length)
    const tb = Buffer.concat([Buffer.from(type, 'ascii'), body])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(tb))
    return Buffer.concat([len, tb, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(256, 0)
  ihdr.writeUInt32BE(256, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export type TileServer = { origin: string; asked: string[]; close: () => Promise<void> }

/** Listens on 127.0.0.1:`port`; `tile` draws the PNG of z/x/y (CORS open, as MapLibre fetches tiles). */
export async function startTileServer(port: number, tile: (z: number, x: number, y: number) => Buffer): Promise<TileServer> {
  const asked: string[] = []
  const server: Server = createServer((req, res) => {
    asked.push(req.url ?? '')
    const m = /^\/(?:[^?]*\/)?(\d+)\/(\d+)\/(\d+)\.png/.exec(req.url ?? '')
    if (!m) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' })
    res.end(tile(Number(m[1]), Number(m[2]), Number(m[3])))
  })
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', () => ok()))
  return { origin: `http://127.0.0.1:${port}`, asked, close: () => new Promise((ok) => server.close(() => ok())) }
}
