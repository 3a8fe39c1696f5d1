/**
 * The optional read replica (DATABASE_REPLICA_URL): a streaming hot standby that answers the
 * aggregate reads (the cached routes, api/cache CACHED_ROUTES) when it has replayed every write
 * this process knows of, and the primary answers them otherwise.
 *
 * The rule that keeps the read cache correct and gives read-your-writes: a read at data version v
 * (db/adapter.ts DataVersion; it moves on every committed write this process sees, its own before
 * the commit returns, other processes' through LISTEN) goes to the replica only if the replica's
 * `pg_last_wal_replay_lsn()` is at or past the primary's `pg_current_wal_lsn()` taken after v was
 * reached, i.e. after every write that moved it had committed. So whoever wrote (and everyone
 * else) reads from the primary until the replica has replayed the write; a lagging replica, one
 * whose replay is paused, and one that is down or promoted are bypassed, and reads stay on the
 * primary. A check every second keeps its state and lag for /health.
 */
import type { Db, Planning, Queryable } from './adapter.ts'
import { DbTimeoutError, DbUnavailableError } from './adapter.ts'
import { openPostgres } from './postgres.ts'

/** How often the replica's state and replay position are checked. */
const CHECK_MS = 1_000

export type ReplicaState = 'starting' | 'up' | 'down' | 'not_standby'

export interface ReplicaStatus {
  state: ReplicaState
  /** WAL replay is paused on the replica (pg_wal_replay_pause). */
  paused: boolean
  /** Bytes of WAL the replica has yet to replay, at the last check. */
  lag_bytes: number | null
  /** Aggregate reads each side answered since start, and reads moved to the primary after the replica failed them. */
  reads: { replica: number; primary: number; retried: number }
}

/** A WAL position ('16/B374D848') as a number of bytes. */
export function lsnOf(text: string | null | undefined): bigint {
  if (!text) return 0n
  const [hi, lo] = text.split('/')
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`)
}

/** Errors of the replica after which the same read is run on the primary: gone, recovery conflicts, read-only refusals. */
function retryOnPrimary(err: unknown): boolean {
  if (err instanceof DbTimeoutError) return false
  if (err instanceof DbUnavailableError) return true
  const code = (err as { code?: unknown } | null)?.code
  // 40001: canceled by a conflict with recovery; 25006: read-only transaction; 55000/0A000: not allowed during recovery.
  return code === '40001' || code === '25006' || code === '55000' || code === '0A000'
}

export class ReplicaRouter {
  private state: ReplicaState = 'starting'
  private paused = false
  private lagBytes: number | null = null
  /** The replica's replay position at the last look (checks and reads keep it current). */
  private replayed = 0n
  /** The primary's WAL position taken after data version `version` was reached. */
  private target: { version: number; lsn: Promise<bigint> } | undefined
  private looking: Promise<bigint> | undefined
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  readonly reads = { replica: 0, primary: 0, retried: 0 }

  constructor(
    readonly primary: Db,
    readonly replica: Db,
    private readonly log: (m: string) => void,
  ) {}

  /** Starts the checks (the first at once). */
  start(): this {
    const tick = async () => {
      await this.check()
      if (!this.stopped) this.timer = setTimeout(() => void tick(), CHECK_MS)
    }
    void tick()
    return this
  }

  status(): ReplicaStatus {
    return { state: this.state, paused: this.paused, lag_bytes: this.lagBytes, reads: { ...this.reads } }
  }

  private setState(s: ReplicaState, why = ''): void {
    if (s === this.state) return
    if (s !== 'up' || this.state !== 'starting') this.log(`replica ${s}${why ? ` (${why})` : ''}`)
    this.state = s
    // A replica that was away may come back behind where it was seen last.
    if (s !== 'up') this.replayed = 0n
  }

  /** One look at the replica: reachable, still a standby, replay paused, how far behind. */
  async check(): Promise<void> {
    try {
      const [r] = await this.replica.query<{ recovery: boolean; lsn: string | null; paused: boolean }>(
        'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AND pg_is_wal_replay_paused() AS paused',
      )
      if (!r.recovery) return this.setState('not_standby', 'it is not in recovery: promoted or not a standby; reads stay on the primary')
      this.replayed = lsnOf(r.lsn)
      this.paused = r.paused
      this.setState('up')
    } catch (err) {
      return this.setState('down', (err as Error).message)
    }
    try {
      const [p] = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      const lag = lsnOf(p.lsn) - this.replayed
      this.lagBytes = Number(lag > 0n ? lag : 0n)
    } catch {
      this.lagBytes = null
    }
  }

  /** The primary's WAL position after every write of the current data version; one query per version. */
  private targetNow(): Promise<bigint> | undefined {
    const version = this.primary.version
    // While other processes cannot be heard, nothing tells us what the replica must have: use the primary.
    if (!version || !version.settled) return undefined
    const v = version.value
    if (this.target?.version !== v) {
      const lsn = this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn').then(([r]) => lsnOf(r.lsn))
      this.target = { version: v, lsn }
      lsn.catch(() => {
        if (this.target?.lsn === lsn) this.target = undefined
      })
    }
    return this.target.lsn
  }

  /** The replica's replay position now; requests that ask together share one query. */
  private replayNow(): Promise<bigint> {
    this.looking ??= this.replica
      .query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')
      .then(([r]) => {
        const lsn = lsnOf(r.lsn)
        if (lsn > this.replayed && this.state === 'up') this.replayed = lsn
        return lsn
      })
      .finally(() => (this.looking = undefined))
    return this.looking
  }

  /** Where one read goes: the replica when it is up and has replayed the current version's writes. */
  async choose(): Promise<'replica' | 'primary'> {
    if (this.state !== 'up') return 'primary'
    const target = this.targetNow()
    if (!target) return 'primary'
    const need = await target
    if (this.replayed >= need) return 'replica'
    try {
      return (await this.replayNow()) >= need ? 'replica' : 'primary'
    } catch (err) {
      if (err instanceof DbUnavailableError) this.setState('down', err.message)
      return 'primary'
    }
  }

  /** A read of the replica failed: whether to run it on the primary (and, if the replica is gone, stop using it). */
  failed(err: unknown): boolean {
    if (!retryOnPrimary(err)) return false
    if (err instanceof DbUnavailableError) this.setState('down', err.message)
    this.reads.retried++
    return true
  }

  /** A database for one read request: every statement of it goes where the first was sent. */
  forRead(): Db {
    return routedView(this, this.primary, this.replica, { side: undefined })
  }

  async close(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.replica.close()
  }
}

type Decision = { side: Promise<'replica' | 'primary'> | undefined }

/** The Db of one request over the primary and the replica (or views of both, for the expensive lane). */
function routedView(router: ReplicaRouter, primary: Db, replica: Db, decision: Decision): Db {
  const side = () => {
    decision.side ??= router.choose().then((s) => (router.reads[s]++, s))
    return decision.side
  }
  /** Runs on the side chosen; a replica failure moves this and the request's later statements to the primary. */
  async function run<T>(use: (db: Db) => Promise<T>): Promise<T> {
    if ((await side()) === 'primary') return use(primary)
    try {
      return await use(replica)
    } catch (err) {
      if (!router.failed(err)) throw err
      decision.side = Promise.resolve('primary')
      return use(primary)
    }
  }
  return {
    engine: primary.engine,
    query: <T>(text: string, params?: unknown[], planning?: Planning) => run((db) => db.query<T>(text, params, planning)),
    exec: (script: string) => run((db) => db.exec(script)),
    tx: <T>(fn: (q: Queryable) => Promise<T>) => run((db) => db.tx(fn)),
    expensive: (budgetMs: number) => routedView(router, primary.expensive(budgetMs), replica.expensive(budgetMs), decision),
    close: () => primary.close(),
    version: primary.version,
    onNotify: primary.onNotify,
    writes: primary,
  }
}

/** Opens the replica's pool beside an open primary and starts checking it; reads go to the primary until it answers. */
export async function openReplica(primary: Db, url: string, log: (m: string) => void): Promise<ReplicaRouter> {
  if (primary.engine !== 'postgres') throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded database has no replicas')
  // With standby: true no connection is opened until the first read (the replica may be down now).
  return new ReplicaRouter(primary, await openPostgres(url, 10, log, { standby: true }), log).start()
}
