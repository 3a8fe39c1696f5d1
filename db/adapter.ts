/** The one database interface the whole product uses; PGlite and a pg Pool sit behind it. */
export type Row = Record<string, unknown>

/**
 * How a statement wants to be planned. `keepPlan`: one plan suits every value it is run with (a
 * small street's analysis, where any area holds few issues), so it is prepared once per connection
 * and may keep one generic plan, where the engine would otherwise plan it for its values at each
 * run: PGlite's expensive lane does so for analysis (db/pglite.ts), a server for every unnamed
 * statement (db/postgres.ts names a kept one). At 10³ issues planning an area's count cost more than
 * running it. On a larger street a kept plan, made for any area and window, took twice as long as
 * one made for its values (docs/performance.md, "The area's GiST count as rows, grouped by hashing").
 */
export interface Planning {
  keepPlan?: boolean
}

/** Something that runs SQL with bound parameters: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with bound parameters and returns its rows. */
  query<T = Row>(text: string, params?: unknown[], planning?: Planning): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>
}

export type Engine = 'pglite' | 'postgres'

export interface Db extends Queryable {
  readonly engine: Engine
  /** Runs fn in one transaction: all of it commits, or none of it does. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
  /**
   * The same database for one expensive request (analysis), with a budget of `budgetMs` from now:
   * its work waits behind cheap work, and a statement past the budget is cancelled (server) or,
   * still queued, not started (PGlite cannot interrupt a running statement); either way DbTimeoutError.
   */
  expensive(budgetMs: number): Db
  /**
   * Says the engine answered in a way only a damaged engine does (PGlite drops some internal errors
   * and returns no rows, see db/single.ts): the embedded engine is reopened before its next
   * job; a server's pool needs nothing, so there it is absent.
   */
  damaged?(err: unknown): void
  /**
   * Runs fn on every connection the database keeps, each in a transaction that is rolled back, and
   * returns on how many it ran. A connection plans each statement, and each statement inside the
   * issue triggers, the first time it runs them: a new server connection's first report took
   * 0.1–0.4 s alone and up to 1.7 s under load, its later ones 5–40 ms. So the server warms its
   * connections on its write path before users meet them (api/load/warm.ts).
   */
  warm?(fn: (q: Queryable) => Promise<void>): Promise<number>
  /** Closes the database itself (also when called on an expensive() view). */
  close(): Promise<void>
  /**
   * Moves after every committed write to the data (0120_watch_data_changes.sql), before the
   * writing call returns; the read cache (api/cache) keys on it. Absent: nothing is cached.
   */
  readonly version?: DataVersion
  /**
   * Calls `cb` with the payload of every notification on `channel` (BUS_CHANNEL) from any process,
   * this one included, and on RESYNC_CHANNEL after notifications may have been lost. Only a server
   * has it: the embedded engine serves one process. Returns the function that stops it.
   */
  onNotify?(channel: string, cb: (payload: string) => void): () => void
  /**
   * Present when this database reads a replica (db/replica.ts): the primary, for the few writes a
   * read keeps for the next reader (a campaign's 顽疾), which a standby refuses.
   */
  readonly writes?: Db
}

/** Thrown inside a warm-up's transaction so that it rolls back (Db.warm). */
export class RolledBack extends Error {
  constructor() {
    super('rolled back on purpose')
  }
}

/** Runs fn in a transaction of `tx` and rolls it back. */
export async function rolledBack(tx: Db['tx'], fn: (q: Queryable) => Promise<void>): Promise<void> {
  try {
    await tx(async (q) => {
      await fn(q)
      throw new RolledBack()
    })
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err
  }
}

/** The channel live events travel on between the processes of one server database (api/stream/bus.ts). */
export const BUS_CHANNEL = 'cgm_bus'
/** Not a PostgreSQL channel: told locally when the listener reconnected and may have missed some. */
export const RESYNC_CHANNEL = 'cgm_resync'

/** The channel the data tables' triggers notify on commit. */
export const DATA_CHANNEL = 'cgm_data'

/** The payload with which sessions, accounts and their grids notify DATA_CHANNEL (0290_notify_auth_changes.sql). */
export const AUTH_PAYLOAD = 'auth'

/** The payload with which issues and what derives from them notify DATA_CHANNEL (0320_notify_issue_data_apart.sql). */
export const ISSUES_PAYLOAD = 'issues'

/** How many notification payloads a DataVersion remembers to hear each write once. */
const HEARD_MAX = 4096

/**
 * A counter moved by every committed write this process sees: its own (a notification arrives on
 * the writing connection before the commit returns) and other processes' (on any listening
 * connection, a moment later), once per write however many connections hear it. It also moves
 * when notifications may have been missed (a reopened engine), and while other processes cannot be
 * heard (the listening connection is lost) it is unsettled: a new value at every reading. So a
 * reader that saw the same value before and after its work read data no write changed in between.
 *
 * `auth` is the same for who may sign in as what: it moves when a session ends, an account or its
 * grids change or a token is revoked (notifications with AUTH_PAYLOAD), and whenever `value` moves
 * for an unknown reason (a bump without payload, a lost or regained listener).
 *
 * `shape` is everything but issues: it moves with every change except those notified with
 * ISSUES_PAYLOAD (issues and the tables derived from them), so answers that read none of those
 * (map layers, grid areas) outlive the reports of the 08:30 crowd.
 */
export class DataVersion {
  private n = 0
  private a = 0
  private s = 0
  private unsettled = false
  /** Payloads heard lately, oldest first: a write's notification reaches every listening connection. */
  private heard = new Set<string>()
  /** The current version; while unsettled, a new one at every reading, so nothing read then is reused. */
  get value(): number {
    return this.unsettled ? ++this.n : this.n
  }
  /** The version of sessions and accounts; while unsettled, a new one at every reading. */
  get auth(): number {
    return this.unsettled ? ++this.a : this.a
  }
  /** The version of everything but issues; while unsettled, a new one at every reading. */
  get shape(): number {
    return this.unsettled ? ++this.s : this.s
  }
  /**
   * A write was committed; `payload` is its notification's (undefined: not known, so also auth and
   * shape). A payload naming its transaction ('<kind>@<xid>', 0352) moves the version only the first
   * time it is heard; one without (an older release's) every time.
   */
  bump(payload?: string): void {
    // Moved for an unknown reason (a reopened engine: perhaps a restored directory, whose later
    // transactions may take ids heard before): nothing heard so far may hold a later write back.
    if (payload === undefined) this.heard.clear()
    const at = payload?.lastIndexOf('@') ?? -1
    if (payload !== undefined && at >= 0) {
      if (this.heard.has(payload)) return
      this.heard.add(payload)
      // Copies arrive within milliseconds, or when a connection leaves a long transaction; one
      // forgotten before then only moves the version once more.
      if (this.heard.size > HEARD_MAX) this.heard.delete(this.heard.values().next().value!)
      payload = payload.slice(0, at)
    }
    this.n++
    if (payload === undefined || payload === AUTH_PAYLOAD) this.a++
    if (payload !== ISSUES_PAYLOAD) this.s++
  }
  /** Whether every process's writes are heard now (false while the listening connection is lost). */
  get settled(): boolean {
    return !this.unsettled
  }
  /** Other processes' writes cannot be heard now (the listening connection is lost): nothing may be reused. */
  unsettle(): void {
    this.unsettled = true
    this.n++
    this.a++
    this.s++
  }
  /** Heard again (after a bump for what was missed). */
  settle(): void {
    // The server may be back restored from a backup, its transaction ids counting again from there.
    this.heard.clear()
    this.unsettled = false
    this.n++
    this.a++
    this.s++
  }
}

/** The database cannot answer now (server down or restarting, embedded engine reopening): retry later. */
export class DbUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? cause}`)
  }
}

/**
 * An error for a log line: SQLSTATE (or error name) and message, of the cause when the database
 * was unavailable. Never the error object: a database error carries its statement and, from
 * PGlite, the statement's parameters.
 */
export function describeError(err: unknown): string {
  const e = (err instanceof DbUnavailableError ? err.cause : err) as { code?: unknown; name?: string; message?: string } | null
  return `${typeof e?.code === 'string' ? e.code : (e?.name ?? 'error')}: ${e?.message ?? String(err)}`
}

/** An expensive request's work ran past its budget. */
export class DbTimeoutError extends Error {
  constructor() {
    super('statement timeout: the request ran past its database budget')
  }
}

/** Postgres type OIDs whose text form we parse ourselves so both engines return the same JS values. */
export const TYPE_OIDS = { int8: 20, numeric: 1700 } as const

/** int8 values stay below 2^53 here (ids, counts), so a JS number is exact. */
export const parseInt8 = (v: string): number => Number(v)
