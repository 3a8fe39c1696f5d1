/**
 * The walking order of an inspection round: an open path from a fixed start visiting every point
 * once, as short as we can find. Up to EXACT_MAX points it is the optimum (Held–Karp dynamic
 * programming over subsets); above, nearest neighbour improved by 2-opt and Or-opt moves until
 * neither shortens it. Legs are great-circle distances (Turf's `distance`, metres).
 */
import { distance } from '@turf/turf'

/** Up to this many points the order is exact (2^12 · 12² steps is still instant). */
export const EXACT_MAX = 12

type LonLat = [number, number]

/** The distance matrix of `pts` in metres. */
export function distances(pts: LonLat[]): Float64Array[] {
  return pts.map((a) => Float64Array.from(pts, (b) => (a === b ? 0 : distance(a, b, { units: 'meters' }))))
}

/** The length of the open path visiting `order`. */
export function pathLength(d: Float64Array[], order: number[]): number {
  let s = 0
  for (let k = 1; k < order.length; k++) s += d[order[k - 1]][order[k]]
  return s
}

/** The shortest open path from 0 through every index (Held–Karp). */
function exact(d: Float64Array[]): number[] {
  const n = d.length
  if (n <= 2) return [...Array(n).keys()]
  const full = 1 << n
  const cost = new Float64Array(full * n).fill(Infinity)
  const prev = new Int8Array(full * n).fill(-1)
  cost[1 * n + 0] = 0
  for (let set = 1; set < full; set += 2) {
    for (let last = 0; last < n; last++) {
      const c = cost[set * n + last]
      if (c === Infinity) continue
      for (let next = 1; next < n; next++) {
        if (set & (1 << next)) continue
        const to = (set | (1 << next)) * n + next
        const v = c + d[last][next]
        if (v < cost[to]) {
          cost[to] = v
          prev[to] = last
        }
      }
    }
  }
  let last = 1
  for (let k = 2; k < n; k++) if (cost[(full - 1) * n + k] < cost[(full - 1) * n + last]) last = k
  const order: number[] = []
  for (let set = full - 1, at = last; at !== -1;) {
    order.push(at)
    const p = prev[set * n + at]
    set &= ~(1 << at)
    at = p
  }
  return order.reverse()
}

/** Nearest neighbour from index 0. */
export function nearestNeighbour(d: Float64Array[]): number[] {
  const n = d.length
  const left = new Set([...Array(n).keys()].slice(1))
  const order = [0]
  while (left.size) {
    const at = order[order.length - 1]
    let best = -1
    for (const k of left) if (best < 0 || d[at][k] < d[at][best]) best = k
    order.push(best)
    left.delete(best)
  }
  return order
}

const EPS = 1e-9

/** 2-opt for an open path with a fixed first point: reverse order[i..j] when that shortens it. */
function twoOpt(d: Float64Array[], o: number[]): boolean {
  const n = o.length
  let improved = false
  for (let i = 1; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const before = d[o[i - 1]][o[i]] + (j + 1 < n ? d[o[j]][o[j + 1]] : 0)
      const after = d[o[i - 1]][o[j]] + (j + 1 < n ? d[o[i]][o[j + 1]] : 0)
      if (after < before - EPS) {
        for (let a = i, b = j; a < b; a++, b--) [o[a], o[b]] = [o[b], o[a]]
        improved = true
      }
    }
  }
  return improved
}

/** Or-opt: move a run of 1–3 points (either way round) elsewhere in the path when that shortens it. */
function orOpt(d: Float64Array[], o: number[]): boolean {
  const n = o.length
  for (let size = 1; size <= 3; size++) {
    for (let i = 1; i + size <= n; i++) {
      const a = o[i]
      const b = o[i + size - 1]
      const p = o[i - 1]
      const q = i + size < n ? o[i + size] : -1
      const gain = d[p][a] + (q >= 0 ? d[b][q] - d[p][q] : 0)
      const rest = [...o.slice(0, i), ...o.slice(i + size)]
      for (let at = 1; at <= rest.length; at++) {
        if (at === i) continue
        const x = rest[at - 1]
        const y = at < rest.length ? rest[at] : -1
        for (const [first, last] of [
          [a, b],
          [b, a],
        ]) {
          const cost = d[x][first] + (y >= 0 ? d[last][y] - d[x][y] : 0)
          if (cost < gain - EPS) {
            const run = o.slice(i, i + size)
            if (first !== a) run.reverse()
            o.splice(0, n, ...rest.slice(0, at), ...run, ...rest.slice(at))
            return true
          }
        }
      }
    }
  }
  return false
}

/** The walking order (indices into `pts`) starting at index `start`, and its length in metres. */
export function walkingOrder(pts: LonLat[], start = 0): { order: number[]; length_m: number } {
  // put the start first, solve over indices 0…n−1, map back
  const idx = [start, ...pts.keys()].filter((k, pos, all) => all.indexOf(k) === pos)
  const d = distances(idx.map((k) => pts[k]))
  let o: number[]
  if (idx.length <= EXACT_MAX) o = exact(d)
  else {
    o = nearestNeighbour(d)
    while (twoOpt(d, o) || orOpt(d, o));
  }
  return { order: o.map((k) => idx[k]), length_m: pathLength(d, o) }
}
