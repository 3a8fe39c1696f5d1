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
