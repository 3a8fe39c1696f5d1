/**
 * The embedded engine's own thread: it opens PGlite and runs what the API's thread asks, one request
 * at a time, so that parsing and the WebAssembly engine no longer share a core with HTTP. A
 * notification is posted before the answer of the statement that caused it: messages keep order.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { parentPort, workerData } from 'node:worker_threads'
import { createPglite } from './create.ts'
import type { Asked, Tell } from './messages.ts'
import { sendable } from './messages.ts'
import { Prepared } from './prepared.ts'

const port = parentPort!
const tell = (m: Tell) => port.postMessage(m)

/** Thrown into PGlite's transaction to roll it back when the API's side asks for that. */
class RollBack extends Error {}

/** The open transaction: its handle, how to end it, and its end (rejected if COMMIT or ROLLBACK failed). */
let open: { t: Transaction; end: (commit: boolean) => void; ended: Promise<void> } | undefined
let queue: Promise<unknown> = Promise.resolve()
let prepared: Prepared

/** Opens a transaction that stays open until `end` is asked; returns once it has begun. */
async function begin(pg: PGlite): Promise<void> {
  let begun!: () => void
  const started = new Promise<void>((r) => (begun = r))
  const done = pg.transaction(
    (t) =>
      new Promise<void>((resolve, reject) => {
        open = { t, end: (commit) => (commit ? resolve() : reject(new RollBack())), ended: undefined! }
        begun()
      }),
  )
  const ended = done.then(
    () => undefined,
    (err: unknown) => {
      if (!(err instanceof RollBack)) throw err
    },
  )
  // BEGIN itself may fail: then the transaction ends before it starts.
  await Promise.race([started, ended])
  if (open) open.ended = ended
  else await ended
}

async function answer(pg: PGlite, ask: Asked): Promise<unknown[] | undefined> {
  switch (ask.op) {
    case 'query':
      return prepared.query(ask.text, ask.params, ask.tx)
    case 'exec':
      await (ask.tx ? open!.t : pg).exec(ask.script)
      return undefined
    case 'begin':
      return void (await begin(pg))
    case 'end': {
      const { end, ended } = open!
      end(ask.commit)
      try {
        await ended
      } finally {
        open = undefined
      }
      return undefined
    }
    case 'listen':
      await pg.listen(ask.channel, (payload) => tell({ notify: ask.channel, payload }))
      return undefined
    case 'close':
      await pg.close()
      return undefined
  }
}

async function run(pg: PGlite, ask: Asked): Promise<void> {
  try {
    tell({ id: ask.id, rows: await answer(pg, ask) })
  } catch (err) {
    tell({ id: ask.id, error: sendable(err) })
  }
  // Nothing else runs while a transaction is open: the queue waits for its end.
  if (ask.op === 'begin' && open) await open.ended.catch(() => undefined)
}

function onAsk(pg: PGlite, ask: Asked): void {
  // A transaction's statements and its end go straight to it; everything else waits its turn.
  if (ask.op === 'end' || ('tx' in ask && ask.tx)) void run(pg, ask)
  else queue = queue.then(() => run(pg, ask))
}

try {
  const pg = await createPglite((workerData as { dataDir?: string }).dataDir)
  prepared = new Prepared(pg)
  port.on('message', (ask: Asked) => onAsk(pg, ask))
  tell({ ready: true })
} catch (err) {
  tell({ failed: sendable(err) })
}
