/** On a PostGIS server (migrated and given 东塘 when it holds no street): our cut (street-tile.sql + vt-pbf) against ST_AsMVT, tile by tile, same features. */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { migrate } from '../../db/migrate.ts'
import { openPostgres } from '../../db/postgres.ts'
import { loadStreet } from '../../db/seed/index.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { sql } from '../../db/sql.ts'
import { resolveStreet } from '../../api/filters.ts'
import { encodeTile } from '../../api/tiles/mvt.ts'
import { cutStreetTile } from '../../api/tiles/street-tile.ts'

const ASMVT = sql(import.meta.url, 'asmvt.sql')

const counts = (b: Uint8Array) => {
  const t = new VectorTile(new PbfReader(b))
  return Object.fromEntries(Object.entries(t.layers).map(([k, l]) => [k, l.length]))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]

/** Times both paths on every tile (3 rounds, after one round of warm-up) and counts tiles whose layers differ. */
export async function compareWithAsMvt(url: string, tiles: string[]) {
  const db = await openPostgres(url)
  try {
    await migrate(db)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM streets')
    if (n === 0) await db.tx((q) => loadStreet(q, dongtang()))
    const street = await resolveStreet(db)
    const ours: number[] = []
    const theirs: number[] = []
    let differ = 0
    for (let round = 0; round < 4; round++)
      for (const t of tiles) {
        const [z, x, y] = t.split('/').map(Number)
        let t0 = performance.now()
        const f = await cutStreetTile(db, street, { z, x, y })
        const mine = f.length ? encodeTile(f) : new Uint8Array(0)
        const a = performance.now() - t0
        t0 = performance.now()
        const [{ mvt }] = await db.query<{ mvt: Uint8Array }>(ASMVT, [street, z, x, y])
        const b = performance.now() - t0
        if (round === 0) {
          const [m, o] = [JSON.stringify(mine.length ? counts(mine) : {}), JSON.stringify(mvt.length ? counts(mvt) : {})]
          if (m !== o) console.log(`  ${t}: ours ${m}, ST_AsMVT ${o}`, differ++)
          continue
        }
        ours.push(a)
        theirs.push(b)
      }
    console.log(`PostGIS server, ${tiles.length} tiles × 3 rounds, cutting only (no cache, no HTTP):`)
    console.log(`  street-tile.sql + vt-pbf: p50 ${median(ours).toFixed(2)} ms  p99 ${p99(ours).toFixed(2)} ms`)
    console.log(`  ST_AsMVT:                 p50 ${median(theirs).toFixed(2)} ms  p99 ${p99(theirs).toFixed(2)} ms`)
    console.log(`  tiles whose per-layer feature counts differ: ${differ}`)
  } finally {
    await db.close()
  }
}
