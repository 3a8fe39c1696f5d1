/**
 * The embedded engine: PGlite (WASM Postgres) with its PostGIS extension, on disk or in memory, in
 * a thread of its own (db/pglite-thread). Its one connection runs one statement at a time; jobs
 * reach its thread a few at once, cheap work first (db/lanes.ts). After an internal error it is
 * closed and reopened from its directory, as a damaged engine answers wrong or not at all.
 */
import type { Db, Planning, Queryable } from './adapter.ts'
import { rolledBack, DATA_CHANNEL, DataVersion, DbUnavailableError } from './adapter.ts'
import { type Lane, Lanes } from './lanes.ts'
import { type Engine, openEngineThread } from './pglite-thread/client.ts'
import { EngineRefused, isFatal } from './pglite-thread/fatal.ts'

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

export { isFatal } from './pglite-thread/fatal.ts'

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
  const lanes = new Lanes(pipeline, 1, pipeline > 1)
  // One connection: a write's notification is delivered before the writing call returns.
  const version = new DataVersion()
  const listen = (p: Engine) => p.listen(DATA_CHANNEL, (payload) => version.bump(payload ?? ''))
  let listening: Promise<unknown> = listen(first).catch(() => undefined)

  const isClosed = () => new Error('the embedded database is closed')

  /** Closes `old` (if given) and opens the engine again; jobs that start meanwhile wait for it. */
  function reopenAfter(old: Engine | undefined): Promise<Engine> {
    pg = undefined
    const attempt: Promise<Engine> = (async () => {
      // The thread's close stops it after a grace period even if PGlite does not close.
      if (old) await old.close().catch(() => undefined)
      if (closed) throw isClosed()
      const fresh = await reopen!()
      // Closed while it opened: it must not stay open on the directory.
      if (closed) {
        await fresh.close().catch(() => undefined)
        throw isClosed()
      }
      pg = fresh
      listening = listen(fresh).catch(() => undefined)
      version.bump()
      return fresh
    })().finally(() => {
      if (opening === attempt) opening = undefined
    })
    opening = attempt
    return attempt
  }

  /** Reopens after `failed` hit `err`, unless another job already did (jobs in flight on it fail too) or the database was closed. */
  async function recover(err: unknown, failed: Engine): Promise<void> {
    if (closed || pg !== failed) return
    // What is already queued in the thread must not run on the damaged engine either.
    failed.poison?.(`refused: the embedded database is being reopened after an internal error`)
    const e = err as { code?: string; message?: string }
    log(`embedded database hit an internal error (${e.code ?? 'no sqlstate'}: ${e.message}); reopening it`)
    await reopenAfter(failed).then(
      () => log('embedded database reopened'),
      (e: Error) => log(`reopening failed (${e.message}); the next request tries again`),
    )
  }

  /** The engine to use: the open one, the one being reopened, or (a reopen failed before) a new try. */
  async function current(): Promise<Engine> {
    if (closed) throw isClosed()
    if (pg) return pg
    try {
      return await (opening ?? reopenAfter(undefined))
    } catch (err) {
      if (closed) throw isClosed()
      throw new DbUnavailableError(err)
    }
  }

  /** Runs `use` on the engine as one job of its lane; a fatal error reopens the engine before the next job. */
  function job<T>(lane: Lane, deadline: number | undefined, use: (pg: Engine) => Promise<T>): Promise<T> {
    return lanes.run(lane, () => attempt(use, true), deadline)
  }

  /** Runs `use` once, and once more on the reopened engine when the damaged one refused it before it ran (`again`). */
  async function attempt<T>(use: (pg: Engine) => Promise<T>, again: boolean): Promise<T> {
    const engine = await current()
    await listening
    if (closed) throw isClosed()
    try {
      return await use(engine)
    } catch (err) {
      withoutParams(err)
      // A job the closing cut short is not an internal error.
      if (closed) throw isClosed()
      if (err instanceof EngineRefused && again) return attempt(use, false)
      if (!isFatal(err)) throw err
      if (reopen) await recover(err, engine)
      throw new DbUnavailableError(err)
    }
  }

  function view(lane: Lane, deadline?: number): Db {
    // An analysis's best plan depends on its window, area and size, and planning is small beside its
    // run: its statements are planned for their values. Cheap work keeps its plans (db/pglite-thread/prepared.ts).
    const planning = { withValues: lane === 'expensive' }
    return {
      engine: 'pglite',
      query: <T>(text: string, params: unknown[] = [], how?: Planning) =>
        job(lane, deadline, async (p) => (await p.query<T>(text, params, how?.keepPlan ? { ...planning, withValues: false } : planning)).rows),
      exec: (script) => job(lane, deadline, async (p) => void (await p.exec(script))),
      tx: (fn) => job(lane, deadline, (p) => p.transaction((t) => fn(asQueryable(t)), planning)),
      expensive: (budgetMs) => view('expensive', Date.now() + budgetMs),
      // One engine, one connection: warmed once, until it is reopened.
      warm: async (fn) => (await rolledBack((f) => job(lane, deadline, (p) => p.transaction((t) => f(asQueryable(t)))), fn), 1),
      damaged: reopen ? damaged : undefined,
      close,
      version,
    }
  }

  /** Reopens the engine now: what is queued in its thread is refused, and later jobs wait for the new one. */
  function damaged(err: unknown): void {
    if (pg) void recover(err, pg)
  }

  /** Closes the engine after the jobs already in flight (at most its close grace); later ones are refused. */
  async function close(): Promise<void> {
    await lanes.run('cheap', async () => {
      closed = true
      const last = pg ?? (await opening?.catch(() => undefined))
      pg = undefined
      await last?.close()
    })
  }

  return view('cheap')
}
