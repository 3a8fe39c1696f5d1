/** The deployment's configuration, read once from the environment and passed in (never global). */
import { z } from 'zod'

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED: z.enum(['dongtang', 'none']).default('dongtang'),
  PUBLIC_READS: z.enum(['true', 'false']).default('true'),
  // Live stream limits (docs/security.md, "Live stream").
  STREAM_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  STREAM_MAX_TOTAL: z.coerce.number().int().min(1).max(100_000).default(1000),
  STREAM_REPLAY_PUBLIC: z.coerce.number().int().min(0).max(100_000).default(100),
  STREAM_REPLAY_STAFF: z.coerce.number().int().min(1).max(100_000).default(1000),
  // Above Node's 16 KiB write high-water mark, so a paced replay never trips it.
  STREAM_BUFFER_BYTES: z.coerce.number().int().min(65_536).max(64 * 1024 * 1024).default(256 * 1024),
})

export type Config = {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  adminPassword?: string
  seed: 'dongtang' | 'none'
  /** Whether the street's public figures (layers, aggregates, the issue list) are readable without a login. */
  publicReads: boolean
  stream: StreamLimits
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
export function loadConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const r = schema.safeParse(clean)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`bad configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = r.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminPassword: e.ADMIN_PASSWORD,
    seed: e.SEED,
    publicReads: e.PUBLIC_READS === 'true',
    stream: {
      maxPerAddress: e.STREAM_MAX_PER_ADDRESS,
      maxTotal: e.STREAM_MAX_TOTAL,
      replayPublic: e.STREAM_REPLAY_PUBLIC,
      replayStaff: e.STREAM_REPLAY_STAFF,
      bufferBytes: e.STREAM_BUFFER_BYTES,
    },
  }
}
