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
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
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
