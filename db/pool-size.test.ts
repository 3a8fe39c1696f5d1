/**
 * DATABASE_POOL reaches the server engine's pool: a server process started with it holds that many
 * connections once it is ready (it opens and warms them all at start), besides its listener.
 */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { namedUrl } from './testing/named-url.ts'
import { spawnServer } from './testing/server-process.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'

describe.runIf(onServer)('DATABASE_POOL', () => {
  it('a server process keeps as many connections as it is told, and its listener beside them', async () => {
    const admin = new pg.Client({ connectionString: process.env.CGM_PG_URL })
    await admin.connect()
    try {
      for (const size of [4, 6]) {
        const name = `cgm-pool-${process.pid}-${size}`
        const server = await spawnServer({ SEED: 'none', DATABASE_URL: namedUrl(process.env.CGM_PG_URL!, name), DATABASE_POOL: String(size) })
        try {
          const { rows } = await admin.query<{ application_name: string; n: number }>(
            `SELECT application_name, count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name LIKE $1 GROUP BY 1 ORDER BY 1`,
            [`${name}%`],
          )
          expect(rows, server.log()).toEqual([
            { application_name: name, n: size },
            { application_name: `${name}:listen`, n: 1 },
          ])
        } finally {
          await server.stop()
        }
      }
    } finally {
      await admin.end()
    }
  })
})
