/** Web Mercator tile arithmetic in plain JS (slippy-map formulas), for tests and the web app. */

/** The tile at zoom z that holds lon/lat. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  }
}

/** The lon/lat of fractional tile position (tx, ty) at zoom z (tile units: 1 = one tile). */
export function lonLatAt(tx: number, ty: number, z: number): [number, number] {
  const n = 2 ** z
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI
  return [(tx / n) * 360 - 180, lat]
}

/** [west, south, east, north] of tile z/x/y grown by `margin` tiles on each side. */
export function tileBounds(t: { z: number; x: number; y: number }, margin = 0): [number, number, number, number] {
  const [w, n] = lonLatAt(t.x - margin, t.y - margin, t.z)
  const [e, s] = lonLatAt(t.x + 1 + margin, t.y + 1 + margin, t.z)
  return [w, s, e, n]
}
