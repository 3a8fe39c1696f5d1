/**
 * The API's side of the embedded engine's thread (worker.ts): the same few calls as a PGlite
 * instance, each a message to the thread and its answer back. Rows and errors are copied across
 * (structured clone); a statement's parameters never come back on an error.
 */
import type { QueryOptions } from '@electric-sql/pglite'
import { Worker } from 'node:worker_threads'
import { EngineRefused, EngineThreadEnded } from './fatal.ts'
import type { Ask, Asked, Tell } from './messages.ts'
import { received } from './messages.ts'

/**
 * How the thread plans a job's statements. `withValues`: for the values bound at each run, as PGlite's
 * own `query` does; otherwise a statement is kept prepared and PostgreSQL may settle on one generic
 * plan for it after five runs (see prepared.ts).
 */
export type Planning = QueryOptions & { withValues?: boolean }

/** What db/pglite.ts needs of an engine: PGlite itself, or its thread (only the thread reads `Planning`). */
export interface Engine {
  query<T>(text: string, params?: unknown[], planning?: Planning): Promise<{ rows: T[] }>
  exec(script: string): Promise<unknown>
  transaction<T>(fn: (t: Pick<Engine, 'query' | 'exec'>) => Promise<T>, planning?: Planning): Promise<T>
  listen(channel: string, cb: (payload: string) => void): Promise<unknown>
  close(): Promise<void>
  /** Refuses everything asked after this, also what is already queued (the thread only). */
  poison?(why: string): void
}

/** How long the thread gets to close PGlite before it is stopped (a damaged engine may never close). */
const CLOSE_GRACE_MS = 5_000

/** How long opening may take (a large directory takes seconds) before the thread is stopped and opening fails. */
const OPEN_DEADLINE_MS = 120_000

/** The thread's entry: it registers tsx's loader, then loads worker.ts. */
const BOOT = new URL('./boot.mjs', import.meta.url)

type Pending = { resolve: (rows: unknown[] | undefined) => void; reject: (err: unknown) => void }

class EngineThread implements Engine {
  private next = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, (payload: string) => void>()
  private ended: EngineThreadEnded | undefined

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: Tell) => this.onTell(m))
    worker.on('error', (err) => this.end(err.message))
    worker.on('exit', (code) => this.end(`exit code ${code}`))
    worker.unref()
  }

  private onTell(m: Tell): void {
    if ('notify' in m) return this.listeners.get(m.notify)?.(m.payload)
    if (!('id' in m)) return
    const p = this.pending.get(m.id)
    if (!p) return
    this.settled(m.id)
    if (m.error) p.reject(received(m.error))
    else p.resolve(m.rows)
  }

  private end(why: string): void {
    this.ended ??= new EngineThreadEnded(why)
    for (const p of this.pending.values()) p.reject(this.ended)
    this.pending.clear()
  }

  /** Asks the thread (as request `id`); while an answer is awaited the thread keeps the process alive. */
  private ask(ask: Ask, id = this.next++): Promise<unknown[] | undefined> {
    if (this.ended) return Promise.reject(this.ended)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.ref()
      try {
        this.worker.postMessage({ ...ask, id } satisfies Asked)
      } catch (err) {
        // A parameter that cannot be copied to the thread (DataCloneError): nothing was sent.
        this.settled(id)
        reject(err)
      }
    })
  }

  private settled(id: number): void {
    this.pending.delete(id)
    if (!this.pending.size) this.worker.unref()
  }

  /** Statements outside a transaction (tx null) or in the one `begin` number `tx` opened, until `isOver`. */
  private face(tx: number | null, withValues: boolean, isOver = () => false): Pick<Engine, 'query' | 'exec'> {
    const closed = () => Promise.reject(new Error('Transaction is closed'))
    return {
      query: async <T>(text: string, params: unknown[] = []) => ({
        rows: (await (isOver() ? closed() : this.ask({ op: 'query', text, params, tx, withValues }))) as T[],
      }),
      exec: (script: string) => (isOver() ? closed() : this.ask({ op: 'exec', script, tx })),
    }
  }

  query<T>(text: string, params?: unknown[], planning: Planning = {}): Promise<{ rows: T[] }> {
    return this.face(null, planning.withValues === true).query<T>(text, params)
  }

  exec(script: string): Promise<unknown> {
    return this.face(null, false).exec(script)
  }

  /** One transaction in the thread: BEGIN, fn's statements, then COMMIT, or ROLLBACK if fn threw. */
  async transaction<T>(fn: (t: Pick<Engine, 'query' | 'exec'>) => Promise<T>, planning: Planning = {}): Promise<T> {
    const tx = this.next++
    await this.ask({ op: 'begin' }, tx)
    let over = false
    let result: T
    try {
      result = await fn(this.face(tx, planning.withValues === true, () => over))
    } catch (err) {
      over = true
      await this.ask({ op: 'end', tx, commit: false }).catch(() => undefined)
      // Part of the transaction ran: refused in its middle, it must not be run again from the start.
      throw err instanceof EngineRefused ? Object.assign(new Error(err.message), { code: err.code }) : err
    }
    over = true
    await this.ask({ op: 'end', tx, commit: true })
    return result
  }

  poison(why: string): void {
    void this.ask({ op: 'poison', why }).catch(() => undefined)
  }

  async listen(channel: string, cb: (payload: string) => void): Promise<unknown> {
    this.listeners.set(channel, cb)
    return this.ask({ op: 'listen', channel })
  }

  /** Closes PGlite in the thread, then stops the thread (also when closing failed or took too long). */
  async close(): Promise<void> {
    const grace = new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())
    await Promise.race([this.ask({ op: 'close' }), grace]).catch(() => undefined)
    this.end('closed')
    await this.worker.terminate()
  }
}

/** Starts the engine's thread and opens the database in it (dataDir undefined: in memory). */
export function openEngineThread(dataDir?: string): Promise<Engine> {
  const worker = new Worker(BOOT, { workerData: { dataDir }, execArgv: [] })
  return new Promise((resolve, reject) => {
    const late = setTimeout(() => fail(new EngineThreadEnded(`not open after ${OPEN_DEADLINE_MS / 1000} s`)), OPEN_DEADLINE_MS)
    const done = () => {
      clearTimeout(late)
      worker.off('error', fail).off('exit', exited).off('message', told)
    }
    // Rejected only once the thread has stopped, so that the next try never meets it in the directory.
    const fail = (err: unknown) => {
      done()
      void worker.terminate().finally(() => reject(err))
    }
    const exited = (code: number) => fail(new EngineThreadEnded(`exit code ${code} while opening`))
    const told = (m: Tell) => {
      if ('failed' in m) return fail(received(m.failed))
      done()
      resolve(new EngineThread(worker))
    }
    worker.on('error', fail).on('exit', exited).on('message', told)
  })
}
