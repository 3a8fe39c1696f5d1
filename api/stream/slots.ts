/** Counts open streams per client address and in total, so idle connections cannot pile up. */
import type { StreamLimits } from '../config.ts'

/** Why a stream was refused: its address holds its share, or the server holds all it takes. */
export type Refusal = 'address' | 'total'

export class StreamSlots {
  private perAddress = new Map<string, number>()
  private total = 0

  /** Takes a slot for `address`; returns the function that gives it back (idempotent), or why not. */
  acquire(address: string, limits: StreamLimits): (() => void) | Refusal {
    const mine = this.perAddress.get(address) ?? 0
    if (mine >= limits.maxPerAddress) return 'address'
    if (this.total >= limits.maxTotal) return 'total'
    this.perAddress.set(address, mine + 1)
    this.total++
    let held = true
    return () => {
      if (!held) return
      held = false
      this.total--
      const left = (this.perAddress.get(address) ?? 1) - 1
      if (left > 0) this.perAddress.set(address, left)
      else this.perAddress.delete(address) // the map holds only addresses with open streams
    }
  }
}
