/** The deployment's configuration, read once from the environment and passed in (never global). */
import { z } from 'zod'
import { instant } from './filters.ts'

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED: z.enum(['dongtang', 'none']).default('dongtang'),
  PUBLIC_READS: z.enum(['true', 'false']).default('true'),
  DATA_SINCE: z.string().default('2000-01-01').pipe(instant),
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
  /** The earliest date any input may name (a report's time, a filter or analysis window): the street's data start. */
  dataSince: Date
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
    dataSince: e.DATA_SINCE,
  }
}
