/**
 * The server engine: PostgreSQL + PostGIS through a pg Pool. It outlives the server: a restart
 * costs the requests of that moment a 503 (DbUnavailableError), later ones get fresh connections.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import type { Db, Planning, Queryable } from './adapter.ts'
import {
  rolledBack,
  BUS_CHANNEL,
  DATA_CHANNEL,
  DataVersion,
  RESYNC_CHANNEL,
  DbTimeoutError,
  DbUnavailableError,
  parseInt8,
  TYPE_OIDS,
} from './adapter.ts'
import { CHEAP_RESERVE, Lanes } from './lanes.ts'

pg.types.setTypeParser(TYPE_OIDS.int8, parseInt8)
pg.types.setTypeParser(TYPE_OIDS.numeric, (v: string) => Number(v))

/** How long to wait for a new connection before answering 503 (an unreachable host never refuses). */
const CONNECT_TIMEOUT_MS = 15_000
/**
 * How long an idle connection above the pool's minimum is kept. A new one costs its first statements
 * ~40 ms (PostGIS loads, plans are made; measured: an area analysis with before/after on 10⁴ issues
 * took 45–55 ms on fresh connections, 6–9 ms on warm ones) and its first report 0.1–0.4 s (the issue
 * triggers' statements are planned). With node-postgres's default of 10 s, a wall display polling
 * every 30 s found every connection closed and paid that each time; five minutes keeps them through
 * a poll. The primary's pool keeps every connection it opened (`min` = `max`), so a quiet night does
 * not leave the 08:30 crowd cold connections; db.warm opens and warms them all at start.
 */
const IDLE_MS = 300_000

/** Socket errors, pg's own messages and SQLSTATEs that mean the server is gone or not accepting. */
const GONE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT'])
const GONE_STATE = new Set(['57P01', '57P02', '57P03', '53300'])
const GONE_TEXT = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i

/**
 * A kept statement whose result columns changed under it (a migration altered a table it reads while
 * this process ran): PostgreSQL refuses to run it on that connection again, and node-postgres would
 * only bind it again. The connection is dropped, so its successor prepares the statement afresh.
 * Told by the server's routine, which does not depend on its messages' language (lc_messages);
 * 0A000 alone also covers features a statement may not use at all.
 */
const resultChanged = (err: unknown) => {
  const e = err as { code?: unknown; routine?: unknown; message?: unknown } | null
  return e?.code === '0A000' && (e.routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test(String(e.message)))
}

/**
 * Runs one statement, again while a connection refuses it as resultChanged (it ran nothing there):
 * each refusing connection is dropped, so at most the pool's `max` refuse before one prepares it afresh,
 * as PGlite's thread prepares it again (db/pglite-thread/prepared.ts).
 */
async function untilPrepared<T>(max: number, planning: Planning | undefined, run: () => Promise<T>): Promise<T> {
  for (let refused = 0; ; refused++) {
    try {
      return await run()
    } catch (err) {
      if (!planning?.keepPlan || !resultChanged(err) || refused >= max) throw err
    }
  }
}

/** The database-facing error for a failure: unavailable, timed out, or the error itself. */
function classify(err: unknown): unknown {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  if (code === '57014') return new DbTimeoutError()
  if (GONE_ERRNO.has(code) || GONE_STATE.has(code) || code.startsWith('08') || GONE_TEXT.test(String(e?.message))) return new DbUnavailableError(err)
  return err
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw classify(err)
  }
}

/**
 * Session settings of every pooled connection: JIT off. 0021_disable_jit.sql turns it off for the
 * database, but a database restored without --create or copied from a template loses that setting,
 * and then JIT compiles small analysis queries for longer than they run (an area count at 10⁶ issues:
 * 1,022 ms against 19 ms). Options given in the URL are kept as they are.
 */
function sessionOptions(url: string): string | undefined {
  try {
    return new URL(url).searchParams.has('options') ? undefined : '-c jit=off'
  } catch {
    return '-c jit=off'
  }
}

/** The URL with `suffix` added to its application_name, so the listener is told apart in pg_stat_activity. */
function listenerUrl(url: string): string {
  try {
    const u = new URL(url)
    u.searchParams.set('application_name', `${u.searchParams.get('application_name') ?? 'civic-grid'}:listen`)
    return u.toString()
  } catch {
    return url
  }
}

type Handlers = Map<string, Set<(payload: string) => void>>

/**
 * One connection kept LISTENing for other processes' writes (the pool's connections come and go)
 * and for the channels of `handlers` (the live-event bus between processes): every data
 * notification and every (re)connection moves the version; a reconnection after a loss tells the
 * handlers of RESYNC_CHANNEL, as notifications may have been missed. Reconnects by itself.
 */
/** Channels between processes besides the data version's (db/adapter.ts BUS_CHANNEL). */
const LISTENED = [BUS_CHANNEL]

function startListener(url: string, version: DataVersion, handlers: Handlers, log: (m: string) => void): () => Promise<void> {
  let lost = false
  let stopped = false
  let client: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  const connect = async () => {
    if (stopped) return
    const c = new pg.Client({ connectionString: listenerUrl(url), connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
    const retry = (err?: Error) => {
      if (client === c) client = undefined
      lost = true
      version.unsettle()
      if (err && !stopped) log(`change listener lost (${err.message}); reconnecting`)
      if (!stopped && !timer) timer = setTimeout(() => ((timer = undefined), void connect()), 1_000)
    }
    c.on('error', retry)
    c.on('end', () => retry())
    c.on('notification', (n) => {
      if (n.channel === DATA_CHANNEL) version.bump(n.payload ?? '')
      for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '')
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${DATA_CHANNEL}`)
      for (const channel of LISTENED) await c.query(`LISTEN ${channel}`)
      client = c
      version.settle()
      if (lost) for (const h of handlers.get(RESYNC_CHANNEL) ?? []) h('')
      lost = false
      if (stopped) await c.end()
    } catch (err) {
      c.removeAllListeners('end')
      await c.end().catch(() => undefined)
      retry(err as Error)
    }
  }
  void connect()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await client?.end().catch(() => undefined)
  }
}

/**
 * A statement as node-postgres takes it: with `keepPlan`, named after its text, so each connection
 * parses it once and then binds it, and PostgreSQL may keep one generic plan for it after five runs;
 * otherwise the unnamed statement, parsed and planned for its values at each run.
 */
function statement(text: string, values: unknown[], planning?: Planning): pg.QueryConfig {
  if (!planning?.keepPlan) return { text, values }
  return { name: `cgm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values }
}

/**
 * A transaction's connection as a Queryable. Statements asked for at once (a report's read-back runs
 * its reads side by side on the pool) are sent one after another, each when the one before settled:
 * node-postgres deprecates queueing a query on a busy client. `settled` waits for the last one, so
 * COMMIT or ROLLBACK never overtakes a statement of the transaction.
 */
function asQueryable(c: pg.PoolClient): Queryable & { settled: () => Promise<void> } {
  let tail: Promise<unknown> = Promise.resolve()
  const inTurn = <R>(run: () => Promise<R>): Promise<R> => {
    const next = tail.then(run, run)
    tail = next.catch(() => undefined)
    return next
  }
  return {
    query: <T>(text: string, params: unknown[] = [], planning?: Planning) =>
      inTurn(() => guarded(async () => (await c.query(statement(text, params, planning))).rows as T[])),
    exec: (script) => inTurn(() => guarded(async () => void (await c.query(script)))),
    settled: () => tail.then(() => undefined),
  }
}

export interface PostgresOptions {
  /**
   * A hot standby read by db/replica.ts: LISTEN is refused during recovery, so no listener and no
   * data version (the primary's decides what may be read), no check at open (it may be down now),
   * and a short connect timeout (a missing standby is bypassed, not waited for).
   */
  standby?: boolean
}

/**
 * Runs fn in a transaction (`begin` opens it) on a checked-out connection, then releases it;
 * `budgetMs` bounds each statement. Checked out, a connection has no pool listener: one dying
 * between statements must not end the process, and a connection that failed is destroyed, not
 * handed to the next request.
 */
async function inTransaction<T>(client: pg.PoolClient, begin: string, fn: (q: Queryable) => Promise<T>, budgetMs?: number): Promise<T> {
  let lost: Error | undefined
  const onLost = (err: Error) => (lost = err)
  client.on('error', onLost)
  try {
    // The budget with the BEGIN, in one round trip (the simple protocol takes both; the expensive
    // lane opens a transaction per statement, so this is one trip less for each).
    const timeout = budgetMs === undefined ? '' : `; SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(budgetMs))}`
    await guarded(() => client.query(begin + timeout))
    const q = asQueryable(client)
    const out = await fn(q).finally(q.settled)
    await guarded(() => client.query('COMMIT'))
    return out
  } catch (err) {
    if (err instanceof DbUnavailableError) lost ??= err
    else await client.query('ROLLBACK').catch(() => undefined)
    // The transaction fails; its connection is not handed on with the stale statement.
    if (resultChanged(err)) lost ??= err as Error
    throw err
  } finally {
    client.off('error', onLost)
    client.release(lost)
  }
}

/** Opens a pool on a PostgreSQL + PostGIS server. */
export async function openPostgres(url: string, max = 10, log = (m: string) => console.error(`[db] ${m}`), opts: PostgresOptions = {}): Promise<Db> {
  if (opts.standby) return openStandby(url, max, log)
  const pool = new pg.Pool({
    connectionString: url,
    max,
    min: max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_MS,
    options: sessionOptions(url),
  })
  // An idle connection the server closed (restart, pg_terminate_backend): the pool drops it and
  // opens a fresh one when next needed. Without a listener this 'error' event would end the process.
  pool.on('error', (err) => log(`idle connection lost: ${err.message}`))
  // Fail fast with the server's own message when the URL is wrong.
  await pool.query('SELECT 1')
  const lanes = new Lanes(Math.max(1, max - CHEAP_RESERVE))
  const version = new DataVersion()
  // Until the listener is connected, other processes' writes are not heard.
  version.unsettle()
  const handlers: Handlers = new Map()
  const stopListener = startListener(url, version, handlers, log)
  const onNotify = (channel: string, cb: (payload: string) => void) => {
    let set = handlers.get(channel)
    if (!set) handlers.set(channel, (set = new Set()))
    set.add(cb)
    return () => void set.delete(cb)
  }
  const close = async () => {
    await stopListener()
    await pool.end()
  }
  // Every pooled connection LISTENs too: the notification of its own write then arrives before
  // its COMMIT returns, so a writer's next read never meets the version from before its write.
  const listened = new WeakSet<pg.PoolClient>()
  async function checkout(): Promise<pg.PoolClient> {
    const client = await guarded(() => pool.connect())
    if (listened.has(client)) return client
    try {
      client.on('notification', (n) => version.bump(n.payload ?? ''))
      await guarded(() => client.query(`LISTEN ${DATA_CHANNEL}`))
      listened.add(client)
      return client
    } catch (err) {
      client.release(err as Error)
      throw err
    }
  }

  /** One statement on a pooled connection (autocommit). */
  const once = async <T>(text: string, params: unknown[], planning?: Planning): Promise<T[]> => {
    const client = await checkout()
    let lost: Error | undefined
    const onLost = (err: Error) => (lost = err)
    client.on('error', onLost)
    try {
      return (await client.query(statement(text, params, planning))).rows as T[]
    } catch (err) {
      const c = classify(err)
      if (c instanceof DbUnavailableError || resultChanged(c)) lost ??= c as Error
      throw c
    } finally {
      client.off('error', onLost)
      client.release(lost)
    }
  }
  const pooled: Queryable = {
    query: <T>(text: string, params: unknown[] = [], planning?: Planning) => untilPrepared(max, planning, () => once<T>(text, params, planning)),
    exec: (script) => pooled.query(script).then(() => undefined),
  }

  /** Runs fn in a transaction on a connection of its own; `budgetMs` bounds each statement in it. */
  const tx = async <T>(fn: (q: Queryable) => Promise<T>, budgetMs?: number): Promise<T> => inTransaction(await checkout(), 'BEGIN', fn, budgetMs)

  /**
   * `max` runs at once, fn in a transaction that is rolled back. The checkouts are asked for in one
   * go, so each run takes a connection of its own unless other work holds some; the pool keeps them
   * (`min`).
   */
  const warm = async (fn: (q: Queryable) => Promise<void>): Promise<number> => {
    const runs = await Promise.allSettled(Array.from({ length: max }, async () => rolledBack((f) => tx(f), fn)))
    const failed = runs.filter((r) => r.status === 'rejected')
    if (failed.length === runs.length) throw failed[0].reason
    if (failed.length) log(`warm-up failed on ${failed.length} of ${runs.length} connection(s): ${(failed[0].reason as Error).message}`)
    return runs.filter((r) => r.status === 'fulfilled').length
  }

  /** The expensive lane: at most max − CHEAP_RESERVE connections, each statement under SET LOCAL statement_timeout. */
  function expensive(budgetMs: number): Db {
    const deadline = Date.now() + budgetMs
    const bounded = <T>(fn: (q: Queryable) => Promise<T>) => lanes.run('expensive', () => tx(fn, Math.max(1, deadline - Date.now())), deadline)
    return {
      engine: 'postgres',
      query: (text, params, planning) => untilPrepared(max, planning, () => bounded((q) => q.query(text, params, planning))),
      exec: (script) => bounded((q) => q.exec(script)),
      tx: bounded,
      expensive,
      close,
      version,
      onNotify,
    }
  }

  return {
    engine: 'postgres',
    ...pooled,
    tx: (fn) => tx(fn),
    expensive,
    warm,
    close,
    version,
    onNotify,
  }
}

/** How long a standby gets to accept a connection before the read goes to the primary instead. */
const STANDBY_CONNECT_TIMEOUT_MS = 2_000

/** The URL with application_name `civic-grid:replica` unless it names one, so the standby's pg_stat_activity tells our reads apart. */
function standbyUrl(url: string): string {
  try {
    const u = new URL(url)
    if (!u.searchParams.has('application_name')) u.searchParams.set('application_name', 'civic-grid:replica')
    return u.toString()
  } catch {
    return url
  }
}

/** A pool on a hot standby: reads only, the same error classes and lanes as the primary's, no version of its own. */
function openStandby(url: string, max: number, log: (m: string) => void): Db {
  const pool = new pg.Pool({
    connectionString: standbyUrl(url),
    max,
    connectionTimeoutMillis: STANDBY_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_MS,
    options: sessionOptions(url),
  })
  pool.on('error', (err) => log(`replica: idle connection lost: ${err.message}`))
  const lanes = new Lanes(Math.max(1, max - CHEAP_RESERVE))
  const close = () => pool.end()
  const tx = async <T>(fn: (q: Queryable) => Promise<T>, budgetMs?: number): Promise<T> =>
    inTransaction(await guarded(() => pool.connect()), 'BEGIN READ ONLY', fn, budgetMs)
  function expensive(budgetMs: number): Db {
    const deadline = Date.now() + budgetMs
    const bounded = <T>(fn: (q: Queryable) => Promise<T>) => lanes.run('expensive', () => tx(fn, Math.max(1, deadline - Date.now())), deadline)
    return {
      engine: 'postgres',
      query: (t, p, planning) => bounded((q) => q.query(t, p, planning)),
      exec: (s) => bounded((q) => q.exec(s)),
      tx: bounded,
      expensive,
      close,
    }
  }
  return {
    engine: 'postgres',
    query: <T>(text: string, params: unknown[] = [], planning?: Planning) =>
      guarded(async () => (await pool.query(statement(text, params, planning))).rows as T[]),
    exec: (script) => guarded(async () => void (await pool.query(script))),
    tx: (fn) => tx(fn),
    expensive,
    close,
  }
}
