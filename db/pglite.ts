/**
 * The embedded engine: PGlite (WASM Postgres) with its PostGIS extension, on disk or in memory, in
 * a thread of its own (db/pglite-thread). Its one connection runs one job at a time, cheap work
 * first (db/lanes.ts); after an internal error it is closed and reopened from its directory, as a
 * damaged engine answers wrong or not at all.
 */
import type { Db, Queryable } from './adapter.ts'
import { rolledBack, DATA_CHANNEL, DataVersion, DbUnavailableError } from './adapter.ts'
import { type Lane, Lanes } from './lanes.ts'
import { type Engine, EngineThreadEnded, openEngineThread } from './pglite-thread/client.ts'

/**
 * Jobs sent to the engine's thread at once. It runs them one after another (a transaction's
 * statements apart from the rest), but the next is already there when one ends: with one at a time
 * the thread waited for the API's thread between them. With 1, 2 and 3, fifty clients in a closed
 * loop of `bench/read-path`'s mix got 580, 706 and 728 req/s (docs/performance.md).
 */
export const THREAD_PIPELINE = 3

/** Opens (or creates) an embedded database; dataDir undefined means in memory (never reopened: it would come back empty). */
export async function openPglite(dataDir?: string, log?: (m: string) => void): Promise<Db> {
  const reopen = dataDir === undefined ? undefined : () => openEngineThread(dataDir)
  return wrapPglite(await openEngineThread(dataDir), { reopen, log, pipeline: THREAD_PIPELINE })
}

/**
 * Whether an error may have left the engine damaged: PostgreSQL's internal errors (class XX, e.g.
 * `ResourceOwnerEnlarge called after release started`), out of memory (53200), a WASM trap or abort.
 */
export function isFatal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  // A file that could not grow (disk full, a file-size limit: XX000 with EFBIG) leaves the engine sound: the statement failed, nothing else.
  if (/^could not extend file/.test(String((err as Error | null)?.message))) return false
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('XX') || code === '53200'
  return (
    err instanceof WebAssembly.RuntimeError ||
    err instanceof EngineThreadEnded ||
    /Aborted\(|out of memory/i.test(String((err as Error | null)?.message))
  )
}

/** PGlite copies a failed statement's parameters onto its error; they must never reach a log. */
function withoutParams(err: unknown): unknown {
  if (err && typeof err === 'object' && 'params' in err) delete (err as { params?: unknown }).params
  return err
}

function asQueryable(q: Pick<Engine, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const res = await q.query<T>(text, params)
      return res.rows
    },
    async exec(script: string) {
      await q.exec(script)
    },
  }
}

/**
 * Wraps an open engine in the product's database interface; `reopen` opens it afresh. `pipeline`
 * jobs run at once: more than one only for the engine's thread, which keeps an open transaction's
 * statements apart from other jobs' (PGlite itself would run them inside it).
 */
export function wrapPglite(first: Engine, opts: { reopen?: () => Promise<Engine>; log?: (m: string) => void; pipeline?: number } = {}): Db {
  const { reopen, log = (m: string) => console.error(`[db] ${m}`), pipeline = 1 } = opts
  let pg: Engine | undefined = first
  /** The reopening under way: the old engine closing, then a new one opening. Only one at a time, as two on one directory would corrupt it. */
  let opening: Promise<Engine> | undefined
  let closed = false
  const lanes = new Lanes(pipeline, 1)
  // One connection: a write's notification is delivered before the writing call returns.
  const version = new DataVersion()
  const listen = (p: Engine) => p.listen(DATA_CHANNEL, (payload) => version.bump(payload ?? ''))
  let listening: Promise<unknown> = listen(first).catch(() => undefined)

  /** Closes `old` (if given) and opens the engine again; jobs that start meanwhile wait for it. */
  function reopenAfter(old: Engine | undefined): Promise<Engine> {
    pg = undefined
    opening = (async () => {
      // The thread's close stops it after a grace period even if PGlite does not close.
      if (old) await old.close().catch(() => undefined)
      const fresh = await reopen!()
      pg = fresh
      listening = listen(fresh).catch(() => undefined)
      version.bump()
      return fresh
    })().finally(() => (opening = undefined))
    return opening
  }

  /** Reopens after `failed` hit `err`, unless another job already did (jobs in flight on it fail too). */
  async function recover(err: unknown, failed: Engine): Promise<void> {
    if (pg !== failed) return
    const e = err as { code?: string; message?: string }
    log(`embedded database hit an internal error (${e.code ?? 'no sqlstate'}: ${e.message}); reopening it`)
    await reopenAfter(failed).then(
      () => log('embedded database reopened'),
      (e: Error) => log(`reopening failed (${e.message}); the next request tries again`),
    )
  }

  /** The engine to use: the open one, the one being reopened, or (a reopen failed before) a new try. */
  async function current(): Promise<Engine> {
    if (pg) return pg
    try {
      return await (opening ?? reopenAfter(undefined))
    } catch (err) {
      throw new DbUnavailableError(err)
    }
  }

  /** Runs `use` on the engine as one job of its lane; a fatal error reopens the engine before the next job. */
  function job<T>(lane: Lane, deadline: number | undefined, use: (pg: Engine) => Promise<T>): Promise<T> {
    return lanes.run(
      lane,
      async () => {
        if (closed) throw new Error('the embedded database is closed')
        const engine = await current()
        await listening
        try {
          return await use(engine)
        } catch (err) {
          withoutParams(err)
          if (!isFatal(err)) throw err
          if (reopen) await recover(err, engine)
          throw new DbUnavailableError(err)
        }
      },
      deadline,
    )
  }

  function view(lane: Lane, deadline?: number): Db {
    return {
      engine: 'pglite',
      query: <T>(text: string, params: unknown[] = []) => job(lane, deadline, async (p) => (await p.query<T>(text, params)).rows),
      exec: (script) => job(lane, deadline, async (p) => void (await p.exec(script))),
      tx: (fn) => job(lane, deadline, (p) => p.transaction((t) => fn(asQueryable(t)))),
      expensive: (budgetMs) => view('expensive', Date.now() + budgetMs),
      // One engine, one connection: warmed once, until it is reopened.
      warm: async (fn) => (await rolledBack((f) => job(lane, deadline, (p) => p.transaction((t) => f(asQueryable(t)))), fn), 1),
      damaged: reopen ? damaged : undefined,
      close,
      version,
    }
  }

  /** Reopens the engine as the next job of the cheap lane, so nothing queued runs on the damaged one. */
  function damaged(err: unknown): void {
    void lanes.run('cheap', async () => {
      if (closed || !pg) return
      await recover(err, pg)
    })
  }

  async function close(): Promise<void> {
    await lanes.run('cheap', async () => {
      closed = true
      await (pg ?? (await opening?.catch(() => undefined)))?.close()
    })
  }

  return view('cheap')
}
