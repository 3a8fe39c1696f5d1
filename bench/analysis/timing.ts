/** Medians of repeated runs, and the two same-run ratios the performance doc records. */

/**
 * Runs fn `reps` times after one warm-up and returns the median in milliseconds. With `timed`, fn
 * measures itself (it returns the milliseconds of the part that counts, after its own set-up).
 */
export async function median(reps: number, fn: () => Promise<unknown>, timed = false): Promise<number> {
  await fn()
  const times: number[] = []
  for (let k = 0; k < reps; k++) {
    const t = performance.now()
    const own = await fn()
    times.push(timed ? (own as number) : performance.now() - t)
  }
  return middle(times)
}

/** The median of some timings (the upper middle of an even count, as the benchmark always took); NaN of none. */
export const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

/** How long the alternation of paired() goes on beyond its minimum runs, and its most pairs. */
const PAIR_BUDGET_MS = 1_500
const MAX_PAIRS = 41

/**
 * Medians of `fast` and `peer` timed in alternation, after one warm-up of each, so that both meet
 * the same moments of a shared machine: at least `reps` runs of fast and `slow` of peer, and more
 * pairs while the whole stays within PAIR_BUDGET_MS (at most MAX_PAIRS). A cheap scenario of a small
 * street gets dozens of pairs instead of five runs of one and three of the other, seconds apart in
 * the machine's load; a slow peer still runs `slow` times.
 */
export async function paired(reps: number, slow: number, fast: () => Promise<unknown>, peer: () => Promise<unknown>): Promise<[number, number]> {
  await fast()
  await peer()
  const f: number[] = []
  const p: number[] = []
  const start = performance.now()
  const more = () => performance.now() - start < PAIR_BUDGET_MS && f.length < MAX_PAIRS
  while (f.length < reps || p.length < slow || more()) {
    const extra = more()
    if (f.length < reps || extra) {
      const t = performance.now()
      await fast()
      f.push(performance.now() - t)
    }
    if (p.length < slow || extra) {
      const t = performance.now()
      await peer()
      p.push(performance.now() - t)
    }
  }
  return [middle(f), middle(p)]
}

export interface Result {
  engine: string
  size: number
  scenario: string
  fast: number
  peer?: number
  floor?: number
  note?: string
}

const ms = (v?: number) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0))
const x = (v?: number) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(1)}×`)

/** One Markdown table row: medians, peer/fast speed-up and fast/floor cost. */
export function row(r: Result): string {
  const speedup = r.peer !== undefined ? r.peer / r.fast : undefined
  const overFloor = r.floor !== undefined ? r.fast / r.floor : undefined
  return `| ${r.engine} | ${r.size.toLocaleString('en')} | ${r.scenario} | ${ms(r.fast)} | ${ms(r.peer)} | ${ms(r.floor)} | ${x(speedup)} | ${x(overFloor)} | ${r.note ?? ''} |`
}

export const HEADER = [
  '| engine | issues | scenario | fast ms | peer ms | floor ms | vs peer | vs floor | note |',
  '|---|---:|---|---:|---:|---:|---:|---:|---|',
].join('\n')

/**
 * The size axis (issue 18): one row per engine and scenario, one column per size, each cell the
 * fast median and its speed-up over the peer measured in the same run, so a regression at any size
 * shows on one line. Sizes a scenario did not run at read "—".
 */
export function sizeAxis(results: Result[]): string {
  const sizes = [...new Set(results.map((r) => r.size))].sort((a, b) => a - b)
  const keys = [...new Set(results.map((r) => `${r.engine}\u0000${r.scenario}`))]
  const cell = (r?: Result) => {
    if (!r) return '—'
    const speedup = r.peer !== undefined ? ` (${x(r.peer / r.fast)})` : ''
    return `${ms(r.fast)}${speedup}`
  }
  const lines = [`| engine | scenario | ${sizes.map((s) => s.toLocaleString('en')).join(' | ')} |`, `|---|---|${sizes.map(() => '---:').join('|')}|`]
  for (const key of keys) {
    const [engine, scenario] = key.split('\u0000')
    const cells = sizes.map((s) => cell(results.find((r) => r.engine === engine && r.scenario === scenario && r.size === s)))
    lines.push(`| ${engine} | ${scenario} | ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}
