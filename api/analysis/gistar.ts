/** Getis-Ord Gi* z-scores with binary neighbour weights (self included), and their significance classes. */

export type Significance = 'hot_99' | 'hot_95' | 'hot_90' | 'not_significant' | 'cold_90' | 'cold_95' | 'cold_99'

/** The usual two-sided critical z values for 99, 95 and 90% confidence. */
const CRITICAL: [number, 'hot_99' | 'hot_95' | 'hot_90', 'cold_99' | 'cold_95' | 'cold_90'][] = [
  [2.576, 'hot_99', 'cold_99'],
  [1.96, 'hot_95', 'cold_95'],
  [1.645, 'hot_90', 'cold_90'],
]

/** The significance class of a Gi* z-score. */
export function significance(z: number | null): Significance {
  if (z === null) return 'not_significant'
  for (const [c, hot, cold] of CRITICAL) {
    if (z >= c) return hot
    if (z <= -c) return cold
  }
  return 'not_significant'
}

/**
 * Gi* for every unit: values x and neighbour lists (indices, the unit itself implied). Returns null
 * for every unit when the values have no variance (nothing can stand out).
 */
export function giStar(x: number[], neighbours: number[][]): (number | null)[] {
  const n = x.length
  if (n < 2) return x.map(() => null)
  const mean = x.reduce((a, b) => a + b, 0) / n
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean)
  if (!(s > 0)) return x.map(() => null)
  return x.map((_, i) => {
    const js = new Set([i, ...neighbours[i]])
    const w = js.size // binary weights: Σw = Σw² = |neighbourhood|
    let sum = 0
    for (const j of js) sum += x[j]
    const denom = s * Math.sqrt((n * w - w * w) / (n - 1))
    return denom > 0 ? (sum - mean * w) / denom : null
  })
}
