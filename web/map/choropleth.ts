/** Class breaks and colours for grid/community choropleths (discrete classes read better on a wall). */
export interface Breaks {
  limits: number[]
  colors: string[]
}

/**
 * Breaks for any measure, counts and rates alike: zero in a class of its own, then classes starting at
 * the smallest, median, 80th- and 95th-percentile positive value; equal starts merge into one class.
 */
export function breaksFor(values: number[], theme: 'dark' | 'light'): Breaks {
  const colors = theme === 'dark' ? ['#12304f', '#1e6fd9', '#e8b339', '#e8602d', '#d92b2b'] : ['#eef3f8', '#9ecae1', '#fdd49e', '#fc8d59', '#d7301f']
  const positive = values.filter((v) => v > 0).sort((a, b) => a - b)
  if (positive.length === 0) return { limits: [0], colors: colors.slice(0, 1) }
  const q = (p: number) => positive[Math.min(positive.length - 1, Math.floor(p * positive.length))]
  const raw = [0, q(0), q(0.5), q(0.8), q(0.95)]
  // Distinct, increasing lower limits; the first class is exactly zero.
  const limits = raw.filter((v, i) => i === 0 || v > raw[i - 1])
  return { limits, colors: colors.slice(0, limits.length) }
}

/** The colour of a value under the breaks: zero gets the first class, else the last limit it reaches. */
export function colorFor(v: number, b: Breaks): string {
  if (v <= b.limits[0]) return b.colors[0]
  let c = b.colors[Math.min(1, b.colors.length - 1)]
  for (let i = 1; i < b.limits.length; i++) if (v >= b.limits[i]) c = b.colors[i]
  return c
}

/** Legend labels for the breaks: "0", "1", "2–3", "≥ 4" for counts; "a – b" ranges for rates. */
export function legendLabels(b: Breaks, integer = true, fmt: (n: number) => string = (n) => String(Math.round(n * 10) / 10)): string[] {
  return b.limits.map((lo, i) => {
    if (i === 0) return fmt(lo)
    const hi = b.limits[i + 1]
    if (hi === undefined) return `≥ ${fmt(lo)}`
    if (integer) return hi - 1 <= lo ? fmt(lo) : `${fmt(lo)}–${fmt(hi - 1)}`
    return `${fmt(lo)} – ${fmt(hi)}`
  })
}
