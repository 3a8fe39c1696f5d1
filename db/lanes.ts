/**
 * A scheduler of database work in two lanes: cheap work (health, an issue, a phone's list) always
 * starts before queued expensive work (analysis), and expensive work takes at most a share of the
 * slots. Queued cheap work starts in the order its requests arrived (db/arrival.ts). PGlite runs
 * one statement at a time on its one connection, so there a slow analysis queue would otherwise
 * hold every cheap read behind it.
 */
import { DbTimeoutError } from './adapter.ts'
import { arrival } from './arrival.ts'

export type Lane = 'cheap' | 'expensive'

/** A server pool's connections kept free of expensive work, so cheap reads never wait behind analysis for one. */
export const CHEAP_RESERVE = 3

type Job = { arrived: number; work: () => Promise<unknown>; deadline?: number; resolve: (v: unknown) => void; reject: (e: unknown) => void }

export class Lanes {
  private running = 0
  private expensiveRunning = 0
  private readonly queues: Record<Lane, Job[]> = { cheap: [], expensive: [] }

  /**
   * `slots` jobs run at once, expensive ones in at most `expensiveSlots` of them. `oneEngine`: the
   * slots feed one engine that runs their jobs in turn (PGlite's thread). There an expensive job
   * starts only when no cheap one is running: sent beside them it would run next, before the next
   * statement of the request whose cheap job just ended, which arrives a moment later.
   */
  constructor(
    private readonly slots: number,
    private readonly expensiveSlots = slots,
    private readonly oneEngine = false,
  ) {}

  /** Runs work in its lane; work whose deadline (epoch ms) passed before it could start is refused. */
  run<T>(lane: Lane, work: () => Promise<T>, deadline?: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queues[lane].push({ arrived: arrival(), work, deadline, resolve: resolve as (v: unknown) => void, reject })
      this.pump()
    })
  }

  private next(): [Lane, Job] | undefined {
    const cheap = this.queues.cheap
    if (cheap.length) {
      // The oldest request's job; the queue is as long as the requests waiting (tens), so a scan does.
      let k = 0
      for (let i = 1; i < cheap.length; i++) if (cheap[i].arrived < cheap[k].arrived) k = i
      return ['cheap', cheap.splice(k, 1)[0]]
    }
    const cheapRunning = this.running - this.expensiveRunning
    if (this.oneEngine && cheapRunning > 0) return undefined
    if (this.queues.expensive.length && this.expensiveRunning < this.expensiveSlots) return ['expensive', this.queues.expensive.shift()!]
    return undefined
  }

  private pump(): void {
    while (this.running < this.slots) {
      const picked = this.next()
      if (!picked) return
      const [lane, job] = picked
      if (job.deadline !== undefined && Date.now() >= job.deadline) {
        job.reject(new DbTimeoutError())
        continue
      }
      this.running++
      if (lane === 'expensive') this.expensiveRunning++
      job
        .work()
        .then(job.resolve, job.reject)
        .finally(() => {
          this.running--
          if (lane === 'expensive') this.expensiveRunning--
          // After the pending callbacks: a request whose cheap query just ended queues its next one
          // there, and it should go before expensive work, not after.
          setImmediate(() => this.pump())
        })
    }
  }
}
