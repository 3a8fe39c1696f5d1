/** The server engine: PostgreSQL + PostGIS through a pg Pool. */
import pg from 'pg'
import type { Db, Queryable } from './adapter.ts'
import { parseInt8, TYPE_OIDS } from './adapter.ts'

pg.types.setTypeParser(TYPE_OIDS.int8, parseInt8)
pg.types.setTypeParser(TYPE_OIDS.numeric, (v: string) => Number(v))

type Client = pg.Pool | pg.PoolClient

function asQueryable(c: Client): Queryable {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const res = await c.query(text, params)
      return res.rows as T[]
    },
    async exec(script: string) {
      await c.query(script)
    },
  }
}

/** Opens a pool on a PostgreSQL + PostGIS server. */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max })
  // Fail fast with the server's own message when the URL is wrong.
  await pool.query('SELECT 1')
  return {
    engine: 'postgres',
    ...asQueryable(pool),
    async tx(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const out = await fn(asQueryable(client))
        await client.query('COMMIT')
        return out
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
