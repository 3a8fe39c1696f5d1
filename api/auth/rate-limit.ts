/** Counts failed logins per key in a sliding window, so guessing passwords is slow (429). */

/** Keys kept before expired ones are swept. */
export const MAX_KEYS = 10_000

export class FailureLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs
    const list = (this.hits.get(key) ?? []).filter((t) => t > since)
    if (list.length) this.hits.set(key, list)
    else this.hits.delete(key)
    return list
  }

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const list = this.recent(key)
    if (list.length < this.max) return 0
    return Math.ceil((list[list.length - this.max] + this.windowMs - this.now()) / 1000)
  }

  fail(key: string): void {
    this.hits.set(key, [...this.recent(key), this.now()])
    // Guessing with ever-new usernames must not grow memory: past a bound, drop expired keys.
    if (this.hits.size > MAX_KEYS) for (const k of [...this.hits.keys()]) this.recent(k)
  }

  reset(key: string): void {
    this.hits.delete(key)
  }
}
