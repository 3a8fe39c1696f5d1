/** Counts requests in progress per caller and in total, refusing one that would pass either cap. */
export class InFlight {
  private readonly perKey = new Map<string, number>()
  private total = 0
  /** Recent duration of a request in ms (moving average), for the Retry-After of a refusal. */
  private typicalMs = 1000

  constructor(
    private readonly perCaller: number,
    private readonly max: number,
  ) {}

  /**
   * Takes a slot for `key`: the function that gives it back (call it once, when the request ends),
   * or which cap is full. The map holds only callers with a request in progress, so at most `max` keys.
   */
  enter(key: string): { release: () => void } | { full: 'caller' | 'total' } {
    const mine = this.perKey.get(key) ?? 0
    if (mine >= this.perCaller) return { full: 'caller' }
    if (this.total >= this.max) return { full: 'total' }
    this.perKey.set(key, mine + 1)
    this.total++
    const t0 = Date.now()
    let done = false
    return {
      release: () => {
        if (done) return
        done = true
        this.total--
        const left = this.perKey.get(key)! - 1
        if (left > 0) this.perKey.set(key, left)
        else this.perKey.delete(key)
        this.typicalMs = 0.8 * this.typicalMs + 0.2 * (Date.now() - t0)
      },
    }
  }

  /** Whole seconds a refused caller should wait: about one request's time, at least 1. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.typicalMs / 1000))
  }
}
