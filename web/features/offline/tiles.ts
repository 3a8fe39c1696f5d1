/** Web Mercator tile arithmetic (the XYZ scheme of /api/v1/tiles): which tiles cover an area. */

export type Bbox = [west: number, south: number, east: number, north: number]

/** The tile column and row holding a WGS84 point at zoom `z`. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))]
}

/** Every tile over `bbox` from zoom `minZ` to `maxZ`, the low zooms first. */
export function tilesOver([w, s, e, n]: Bbox, minZ: number, maxZ: number): { z: number; x: number; y: number }[] {
  const out: { z: number; x: number; y: number }[] = []
  for (let z = minZ; z <= maxZ; z++) {
    const [x0, y0] = tileOf(w, n, z)
    const [x1, y1] = tileOf(e, s, z)
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push({ z, x, y })
  }
  return out
}
