/**
 * The embedded engine's own thread: it opens PGlite and runs what the API's thread asks, one request
 * at a time, so that parsing and the WebAssembly engine no longer share a core with HTTP. A
 * notification is posted before the answer of the statement that caused it: messages keep order.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { parentPort, workerData } from 'node:worker_threads'
import { createPglite } from './create.ts'
import { isFatal } from './fatal.ts'
import type { Asked, Tell } from './messages.ts'
import { sendable } from './messages.ts'
import { Prepared } from './prepared.ts'

const port = parentPort!
const tell = (m: Tell) => port.postMessage(m)

/** Thrown into PGlite's transaction to roll it back when the API's side asks for that. */
class RollBack extends Error {}

/** The open transaction: the id of its `begin`, its handle, how to end it, and its end (rejected if COMMIT or ROLLBACK failed). */
type Open = { id: number; t: Transaction; end: (commit: boolean) => void; ended: Promise<void> }

class Thread {
  private open: Open | undefined
  private queue: Promise<unknown> = Promise.resolve()
  /** Set by a fatal error or `poison`: the engine may be damaged, so nothing more runs on it. */
  private poisoned: unknown
  private readonly prepared: Prepared

  constructor(private readonly pg: PGlite) {
    this.prepared = new Prepared(pg)
  }

  onAsk(ask: Asked): void {
    // A transaction's statements and its end go straight to it (the queue is waiting for its end);
    // so does `poison`, which must overtake what is queued. Everything else waits its turn.
    if (ask.op === 'poison') this.poisoned ??= Object.assign(new Error(ask.why), { code: 'XX000' })
    if (ask.op === 'end' || ask.op === 'poison' || ('tx' in ask && ask.tx !== null)) void this.run(ask)
    else this.queue = this.queue.then(() => this.run(ask))
  }

  private async run(ask: Asked): Promise<void> {
    try {
      // A damaged engine answers nothing more; its transaction is still ended, and it is closed.
      if (this.poisoned && ask.op !== 'end' && ask.op !== 'close' && ask.op !== 'poison')
        throw Object.assign(new Error(`refused: the engine is damaged (${(this.poisoned as Error).message})`), { refused: true })
      tell({ id: ask.id, rows: await this.answer(ask) })
    } catch (err) {
      if (isFatal(err)) this.poisoned ??= err
      tell({ id: ask.id, error: sendable(err) })
    }
    // Nothing else runs while a transaction is open: the queue waits for its end.
    if (ask.op === 'begin' && this.open?.id === ask.id) await this.open.ended.catch(() => undefined)
  }

  /** The open transaction, if `tx` is its id: a statement of an ended transaction must not run in another or in none. */
  private inTx(tx: number): Open {
    if (this.open?.id !== tx) throw new Error('Transaction is closed')
    return this.open
  }

  private async answer(ask: Asked): Promise<unknown[] | undefined> {
    switch (ask.op) {
      case 'query':
        if (ask.tx !== null) this.inTx(ask.tx)
        return this.prepared.query(ask.text, ask.params, ask.tx !== null, ask.withValues)
      case 'exec':
        await (ask.tx !== null ? this.inTx(ask.tx).t : this.pg).exec(ask.script)
        return undefined
      case 'begin':
        return void (await this.begin(ask.id))
      case 'end': {
        const { end, ended } = this.inTx(ask.tx)
        end(ask.commit)
        try {
          await ended
        } finally {
          this.open = undefined
        }
        return undefined
      }
      case 'listen':
        await this.pg.listen(ask.channel, (payload) => tell({ notify: ask.channel, payload }))
        return undefined
      case 'poison':
        return undefined
      case 'close':
        await this.pg.close()
        return undefined
    }
  }

  /** Opens a transaction that stays open until `end` is asked; returns once it has begun. */
  private async begin(id: number): Promise<void> {
    let begun!: (t: Transaction, end: Open['end']) => void
    const started = new Promise<void>((resolve) => {
      begun = (t, end) => {
        this.open = { id, t, end, ended }
        resolve()
      }
    })
    const ended: Promise<void> = this.pg
      .transaction((t) => new Promise<void>((resolve, reject) => begun(t, (commit) => (commit ? resolve() : reject(new RollBack())))))
      .then(
        () => undefined,
        (err: unknown) => {
          if (!(err instanceof RollBack)) throw err
        },
      )
    // BEGIN itself may fail: then the transaction ends before it starts.
    await Promise.race([started, ended])
  }
}

let pg: PGlite | undefined
try {
  pg = await createPglite((workerData as { dataDir?: string }).dataDir)
  const thread = new Thread(pg)
  port.on('message', (ask: Asked) => thread.onAsk(ask))
  tell({ ready: true })
} catch (err) {
  // Opened but not ready (its extension failed): closed, so the directory is free for the next try.
  await pg?.close().catch(() => undefined)
  tell({ failed: sendable(err) })
}
