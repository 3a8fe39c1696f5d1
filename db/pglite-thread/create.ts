/** Opens a PGlite engine with PostGIS and the type parsers that make it answer as the server does. */
import { PGlite, types } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { parseInt8, TYPE_OIDS } from '../adapter.ts'

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: (v: string) => Number(v),
  [types.TIMESTAMPTZ]: (v: string) => new Date(v),
}

/** dataDir undefined: in memory. */
export async function createPglite(dataDir?: string): Promise<PGlite> {
  const pg = await PGlite.create({ dataDir, extensions: { postgis }, parsers })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  return pg
}
