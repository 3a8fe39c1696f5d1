/** Walking orders: exact on small sets (against brute force), better than nearest neighbour on 83 points. */
import { distance } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { makeRng } from '../../fixtures/prng.ts'
import { walkingOrder } from './order.ts'

type LonLat = [number, number]

const leg = (a: LonLat, b: LonLat) => distance(a, b, { units: 'meters' })
const length = (pts: LonLat[], order: number[]) => order.slice(1).reduce((s, k, j) => s + leg(pts[order[j]], pts[k]), 0)

/** Every open path from `start` (plain recursion over permutations). */
function bruteForce(pts: LonLat[], start: number): number {
  let best = Infinity
  const visit = (path: number[], left: number[]) => {
    if (!left.length) best = Math.min(best, length(pts, path))
    for (const k of left)
      visit(
        [...path, k],
        left.filter((x) => x !== k),
      )
  }
  visit(
    [start],
    pts.map((_, k) => k).filter((k) => k !== start),
  )
  return best
}

/** Nearest neighbour written again, plainly, as the baseline to beat. */
function nearest(pts: LonLat[], start: number): number {
  const order = [start]
  const left = new Set(pts.keys())
  left.delete(start)
  while (left.size) {
    const at = pts[order.at(-1)!]
    const next = [...left].reduce((b, k) => (leg(at, pts[k]) < leg(at, pts[b]) ? k : b))
    order.push(next)
    left.delete(next)
  }
  return length(pts, order)
}

/** n random points in a 2 km square around 东塘. */
function scatter(n: number, seed: number): LonLat[] {
  const r = makeRng(seed)
  return Array.from({ length: n }, () => [112.99 + r.next() * 0.02, 28.16 + r.next() * 0.018] as LonLat)
}

describe('walkingOrder', () => {
  it('visits every point once, starts at the start and reports the length of its own legs', () => {
    const pts = scatter(30, 7)
    const { order, length_m } = walkingOrder(pts, 4)
    expect(order[0]).toBe(4)
    expect([...order].sort((a, b) => a - b)).toEqual([...pts.keys()])
    expect(length_m).toBeCloseTo(length(pts, order), 6)
  })

  it('is the optimum for 1–9 points (brute force over all permutations), from any start', () => {
    for (let n = 1; n <= 9; n++) {
      for (let seed = 1; seed <= (n <= 7 ? 6 : 2); seed++) {
        const pts = scatter(n, seed * 100 + n)
        const start = seed % n
        const { order, length_m } = walkingOrder(pts, start)
        expect(order[0]).toBe(start)
        expect(length_m, `n=${n} seed=${seed}`).toBeCloseTo(bruteForce(pts, start), 6)
      }
    }
  })

  it('beats nearest neighbour on 83 points, within the time budget', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const pts = scatter(83, seed)
      const t = performance.now()
      const { order, length_m } = walkingOrder(pts, 0)
      const ms = performance.now() - t
      expect(new Set(order).size).toBe(83)
      expect(length_m, `seed ${seed}`).toBeLessThan(nearest(pts, 0))
      expect(ms).toBeLessThan(2000) // generous under load; bench/assess measures it
    }
  })
})
