/**
 * The API's side of the embedded engine's thread (worker.ts): the same few calls as a PGlite
 * instance, each a message to the thread and its answer back. Rows and errors are copied across
 * (structured clone); a statement's parameters never come back on an error.
 */
import { Worker } from 'node:worker_threads'
import type { Ask, Asked, Tell } from './messages.ts'
import { received } from './messages.ts'

/** What db/pglite.ts needs of an engine: PGlite itself, or its thread. */
export interface Engine {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>
  exec(script: string): Promise<unknown>
  transaction<T>(fn: (t: Pick<Engine, 'query' | 'exec'>) => Promise<T>): Promise<T>
  listen(channel: string, cb: (payload: string) => void): Promise<unknown>
  close(): Promise<void>
}

/** The engine's thread ended (it crashed or was stopped): whatever it was doing is lost. */
export class EngineThreadEnded extends Error {
  constructor(why: string) {
    super(`the embedded database's thread ended: ${why}`)
  }
}

/** How long the thread gets to close PGlite before it is stopped (a damaged engine may never close). */
const CLOSE_GRACE_MS = 5_000

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
    this.pending.delete(m.id)
    if (!this.pending.size) this.worker.unref()
    if (m.error) p.reject(received(m.error))
    else p.resolve(m.rows)
  }

  private end(why: string): void {
    this.ended ??= new EngineThreadEnded(why)
    for (const p of this.pending.values()) p.reject(this.ended)
    this.pending.clear()
  }

  /** Asks the thread; while an answer is awaited the thread keeps the process alive. */
  private ask(ask: Ask): Promise<unknown[] | undefined> {
    if (this.ended) return Promise.reject(this.ended)
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.ref()
      this.worker.postMessage({ ...ask, id } satisfies Asked)
    })
  }

  private face(tx: boolean): Pick<Engine, 'query' | 'exec'> {
    return {
      query: async <T>(text: string, params: unknown[] = []) => ({ rows: (await this.ask({ op: 'query', text, params, tx })) as T[] }),
      exec: (script: string) => this.ask({ op: 'exec', script, tx }),
    }
  }

  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> {
    return this.face(false).query<T>(text, params)
  }

  exec(script: string): Promise<unknown> {
    return this.face(false).exec(script)
  }

  /** One transaction in the thread: BEGIN, fn's statements, then COMMIT, or ROLLBACK if fn threw. */
  async transaction<T>(fn: (t: Pick<Engine, 'query' | 'exec'>) => Promise<T>): Promise<T> {
    await this.ask({ op: 'begin' })
    let result: T
    try {
      result = await fn(this.face(true))
    } catch (err) {
      await this.ask({ op: 'end', commit: false }).catch(() => undefined)
      throw err
    }
    await this.ask({ op: 'end', commit: true })
    return result
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
    const fail = (err: unknown) => {
      worker.off('error', fail).off('exit', exited).off('message', told)
      void worker.terminate()
      reject(err)
    }
    const exited = (code: number) => fail(new EngineThreadEnded(`exit code ${code} while opening`))
    const told = (m: Tell) => {
      if ('failed' in m) return fail(received(m.failed))
      worker.off('error', fail).off('exit', exited).off('message', told)
      resolve(new EngineThread(worker))
    }
    worker.on('error', fail).on('exit', exited).on('message', told)
  })
}
