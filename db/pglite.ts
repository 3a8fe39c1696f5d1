/** The embedded engine: PGlite (WASM Postgres) with its PostGIS extension, on disk or in memory. */
import { PGlite, types } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Db, Queryable } from './adapter.ts'
import { parseInt8, TYPE_OIDS } from './adapter.ts'

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: (v: string) => Number(v),
  [types.TIMESTAMPTZ]: (v: string) => new Date(v),
}

/** Opens (or creates) an embedded database; dataDir undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = await PGlite.create({ dataDir, extensions: { postgis }, parsers })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  return wrapPglite(pg)
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

/** Wraps an open PGlite instance in the product's database interface. */
export function wrapPglite(pg: PGlite): Db {
  return {
    engine: 'pglite',
    ...asQueryable(pg),
    tx: (fn) => pg.transaction((t) => fn(asQueryable(t))),
    close: () => pg.close(),
  }
}
