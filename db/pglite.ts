/**
 * The embedded engine: PGlite (WASM Postgres) with its PostGIS extension, on disk or in memory.
 * Its one connection runs one job at a time, cheap work first (db/lanes.ts); after an internal
 * error it is closed and reopened from its directory, as a damaged engine answers wrong or not at all.
 */
import { PGlite, types } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Db, Queryable } from './adapter.ts'
import { rolledBack, DATA_CHANNEL, DataVersion, DbUnavailableError, parseInt8, TYPE_OIDS } from './adapter.ts'
import { type Lane, Lanes } from './lanes.ts'

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: (v: string) => Number(v),
  [types.TIMESTAMPTZ]: (v: string) => new Date(v),
}

/** How long a damaged engine gets to close before it is abandoned and a new one opened. */
const CLOSE_GRACE_MS = 5_000

async function create(dataDir?: string): Promise<PGlite> {
  const pg = await PGlite.create({ dataDir, extensions: { postgis }, parsers })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  return pg
}

/** Opens (or creates) an embedded database; dataDir undefined means in memory (never reopened: it would come back empty). */
export async function openPglite(dataDir?: string, log?: (m: string) => void): Promise<Db> {
  return wrapPglite(await create(dataDir), dataDir === undefined ? undefined : () => create(dataDir), log)
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
  return err instanceof WebAssembly.RuntimeError || /Aborted\(|out of memory/i.test(String((err as Error | null)?.message))
}

/** PGlite copies a failed statement's parameters onto its error; they must never reach a log. */
function withoutParams(err: unknown): unknown {
  if (err && typeof err === 'object' && 'params' in err) delete (err as { params?: unknown }).params
  return err
}

function asQueryable(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
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

/** Wraps an open PGlite instance in the product's database interface; `reopen` opens it afresh. */
export function wrapPglite(first: PGlite, reopen?: () => Promise<PGlite>, log = (m: string) => console.error(`[db] ${m}`)): Db {
  let pg: PGlite | undefined = first
  let closed = false
  const lanes = new Lanes(1)
  // One connection: a write's notification is delivered before the writing call returns.
  const version = new DataVersion()
  const listen = (p: PGlite) => p.listen(DATA_CHANNEL, (payload) => version.bump(payload ?? ''))
  let listening: Promise<unknown> = listen(first).catch(() => undefined)

  async function recover(err: unknown): Promise<void> {
    const e = err as { code?: string; message?: string }
    log(`embedded database hit an internal error (${e.code ?? 'no sqlstate'}: ${e.message}); reopening it`)
    const old = pg!
    pg = undefined
    await Promise.race([old.close(), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]).catch(() => undefined)
    pg = await reopen!()
    listening = listen(pg).catch(() => undefined)
    version.bump()
    log('embedded database reopened')
  }

  /** Runs `use` on the engine as one job of its lane; a fatal error reopens the engine before the next job. */
  function job<T>(lane: Lane, deadline: number | undefined, use: (pg: PGlite) => Promise<T>): Promise<T> {
    return lanes.run(
      lane,
      async () => {
        if (closed) throw new Error('the embedded database is closed')
        // A reopen that failed is tried again by the next job, so the database comes back by itself.
        if (!pg) {
          const fresh = await reopen!().catch((err) => Promise.reject(new DbUnavailableError(err)))
          pg = fresh
          listening = listen(fresh).catch(() => undefined)
          version.bump()
        }
        await listening
        try {
          return await use(pg!)
        } catch (err) {
          withoutParams(err)
          if (!isFatal(err)) throw err
          if (reopen) await recover(err).catch((e: Error) => log(`reopening failed (${e.message}); the next request tries again`))
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
      await recover(err).catch((e: Error) => log(`reopening failed (${e.message}); the next request tries again`))
    })
  }

  async function close(): Promise<void> {
    await lanes.run('cheap', async () => {
      closed = true
      await pg?.close()
    })
  }

  return view('cheap')
}
