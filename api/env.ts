/** The Hono environment shared by every feature router: dependencies and the current user. */
import type { Db } from '../db/adapter.ts'
import type { ReplicaRouter } from '../db/replica.ts'
import type { AuthVia, User } from './auth/user.ts'
import type { Config } from './config.ts'

export interface Deps {
  db: Db
  config: Config
  /** The clock, injectable so tests can fix "now" (overdue depends on it). */
  now: () => Date
  /** DATABASE_REPLICA_URL: where aggregate reads go (db/replica.ts); absent, everything reads `db`. */
  reads?: ReplicaRouter
}

export type AppEnv = {
  /** `securityHead`: the security headers of every answer (api/security/head.ts). `streetCookie`: the street switcher's cookie when well-formed (api/streets/middleware.ts), which an anonymous reader's street follows. */
  Variables: { deps: Deps; user?: User; authVia?: AuthVia; requestId: string; streetCookie?: string; securityHead?: Record<string, string> }
}
