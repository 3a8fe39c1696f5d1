/** The deployment's configuration, read once from the environment and passed in (never global). */
import { isIP } from 'node:net'
import { availableParallelism, hostname, networkInterfaces } from 'node:os'
import { z } from 'zod'
import { CHEAP_RESERVE } from '../db/lanes.ts'
import { instant } from './filters.ts'
import { PASSWORD_COST, type ScryptCost } from './auth/password.ts'

/** A comma-separated list: trimmed, empty items dropped. */
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
)

/** An address or a CIDR block (10.0.0.0/8, fd00::/8). */
function isAddressOrBlock(s: string): boolean {
  const [addr, bits, ...rest] = s.split('/')
  const v = isIP(addr)
  if (!v || rest.length) return false
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128))
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  // 市民随手拍 (issue 20): a second listener serving only /report and /api/v1/public/* (api/public/surface.ts).
  PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PUBLIC_HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  // Connections the server engine keeps open to DATABASE_URL; CHEAP_RESERVE of them never run analysis.
  DATABASE_POOL: z.coerce
    .number()
    .int()
    .min(CHEAP_RESERVE + 1)
    .max(200)
    .optional(),
  // Issue 15: a streaming hot standby for the aggregate reads (db/replica.ts).
  DATABASE_REPLICA_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED: z.enum(['dongtang', 'district', 'none']).default('dongtang'),
  PUBLIC_READS: z.enum(['true', 'false']).default('true'),
  // Run a report's write path on every database connection before serving (api/load/warm.ts).
  WARM_CONNECTIONS: z.enum(['true', 'false']).default('true'),
  TRUST_PROXY: list.refine((xs) => xs.every(isAddressOrBlock), 'a comma-separated list of addresses or CIDR blocks').optional(),
  ALLOWED_HOSTS: list.optional(),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  // Live stream limits (docs/security.md, "Live stream").
  STREAM_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  STREAM_MAX_TOTAL: z.coerce.number().int().min(1).max(100_000).default(1000),
  STREAM_REPLAY_PUBLIC: z.coerce.number().int().min(0).max(100_000).default(100),
  STREAM_REPLAY_STAFF: z.coerce.number().int().min(1).max(100_000).default(1000),
  // Above Node's 16 KiB write high-water mark, so a paced replay never trips it.
  STREAM_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(65_536)
    .max(64 * 1024 * 1024)
    .default(256 * 1024),
  ANALYSIS_PER_CALLER: z.coerce.number().int().min(1).max(100).default(3),
  ANALYSIS_TOTAL: z.coerce.number().int().min(1).max(1000).default(8),
  ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DATA_SINCE: z.string().default('2000-01-01').pipe(instant),
  // 市民随手拍 (issue 20): zero bits of the proof of work a report carries (about 2^n hashes in the browser).
  PUBLIC_POW_BITS: z.coerce.number().int().min(0).max(24).default(16),
})

export type Config = {
  port: number
  host: string
  /** The resident surface's port (only /report and /api/v1/public/*), when it has its own listener. */
  publicPort?: number
  /** Its address; HOST unless told. */
  publicHost: string
  databaseUrl?: string
  /** Connections kept open to databaseUrl (ignored by the embedded database, which has one). */
  databasePool: number
  /** A hot standby of DATABASE_URL that answers aggregate reads once it has replayed the writes they must see. */
  replicaUrl?: string
  dataDir: string
  adminPassword?: string
  seed: 'dongtang' | 'district' | 'none'
  /** Whether the street's public figures (layers, aggregates, the issue list) are readable without a login. */
  publicReads: boolean
  /** Whether the server warms its database connections on a report's write path before it serves. */
  warmConnections: boolean
  /** Proxies (addresses, CIDR blocks) whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  trustProxy: string[]
  /** Host names (lower case, no port) the server answers for; ['*'] answers any. */
  allowedHosts: string[]
  /** Secure + __Host- session cookie: always, never, or when the request came over HTTPS ('auto'). */
  cookieSecure: 'auto' | 'true' | 'false'
  /** scrypt cost of new and rehashed passwords; only test harnesses set a lower one, in code. */
  passwordCost: ScryptCost
  stream: StreamLimits
  /** /analysis/* requests one caller (user, token or anonymous address) may have in progress. */
  analysisPerCaller: number
  /** /analysis/* requests in progress across all callers. */
  analysisTotal: number
  /** Database time budget of one /analysis/* request, in ms (statement timeout on a server). */
  analysisTimeoutMs: number
  /** The earliest date any input may name (a report's time, a filter or analysis window): the street's data start. */
  dataSince: Date
  /** 市民随手拍: the proof of work a public report must carry, in leading zero bits of SHA-256. */
  publicPowBits: number
}

/**
 * Connections to the server database when DATABASE_POOL is not set: PostgreSQL's rule of thumb, two
 * per core plus one, at least 5 and at most the 10 used before. On this project's 2-core machine 5
 * connections answered the mixed load with a p99 21–60 ms lower than 10 did, in each of five
 * alternating pairs of runs, as on the day before (docs/performance.md); more backends than that
 * only take turns on the cores. Machines of more cores were not measured, hence the old 10 as the ceiling.
 */
export function defaultPool(cores: number): number {
  return Math.min(10, Math.max(5, 2 * cores + 1))
}

/** The machine's own names: loopback, its host name and every interface address. */
export function machineHosts(): string[] {
  const addrs = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((i) => i.address.split('%')[0]))
  return ['localhost', '127.0.0.1', '::1', hostname(), ...addrs]
}

/** Limits of GET /stream: open streams, replay length, bytes queued for a client that stops reading. */
export interface StreamLimits {
  maxPerAddress: number
  maxTotal: number
  /** Events replayed after Last-Event-ID to anonymous and kiosk readers; more → one `reset`. */
  replayPublic: number
  /** Events replayed to staff in one page; more → the stream ends after the page and the client resumes. */
  replayStaff: number
  bufferBytes: number
}

/** Parses the environment; throws one message naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, machine: () => string[] = machineHosts): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const r = schema.safeParse(clean)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`bad configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = r.data
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new Error('bad configuration:\n  DATABASE_REPLICA_URL: needs DATABASE_URL (the embedded database has no replicas)')
  if (e.PUBLIC_PORT !== undefined && e.PUBLIC_PORT === e.PORT) throw new Error('bad configuration:\n  PUBLIC_PORT: must differ from PORT')
  const listening = [e.HOST, ...(e.PUBLIC_HOST ? [e.PUBLIC_HOST] : [])].filter((h) => h !== '0.0.0.0' && h !== '::')
  const hosts = e.ALLOWED_HOSTS ?? [...machine(), ...listening]
  return {
    port: e.PORT,
    host: e.HOST,
    publicPort: e.PUBLIC_PORT,
    publicHost: e.PUBLIC_HOST ?? e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePool: e.DATABASE_POOL ?? defaultPool(availableParallelism()),
    replicaUrl: e.DATABASE_REPLICA_URL,
    dataDir: e.DATA_DIR,
    adminPassword: e.ADMIN_PASSWORD,
    seed: e.SEED,
    publicReads: e.PUBLIC_READS === 'true',
    warmConnections: e.WARM_CONNECTIONS === 'true',
    trustProxy: e.TRUST_PROXY ?? [],
    allowedHosts: [...new Set(hosts.map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1')))],
    cookieSecure: e.COOKIE_SECURE,
    passwordCost: PASSWORD_COST,
    stream: {
      maxPerAddress: e.STREAM_MAX_PER_ADDRESS,
      maxTotal: e.STREAM_MAX_TOTAL,
      replayPublic: e.STREAM_REPLAY_PUBLIC,
      replayStaff: e.STREAM_REPLAY_STAFF,
      bufferBytes: e.STREAM_BUFFER_BYTES,
    },
    analysisPerCaller: e.ANALYSIS_PER_CALLER,
    analysisTotal: e.ANALYSIS_TOTAL,
    analysisTimeoutMs: e.ANALYSIS_TIMEOUT_MS,
    dataSince: e.DATA_SINCE,
    publicPowBits: e.PUBLIC_POW_BITS,
  }
}
