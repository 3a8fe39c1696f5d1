/**
 * A database holding the 东塘 street and its accounts but no issues (quick to load), for tests that
 * run the real server on the real clock: the street's id, one inspector API token per name, and a
 * point inside each grid to report at.
 */
import { ensureAccounts } from '../../api/auth/bootstrap.ts'
import { INSERT_TOKEN } from '../../api/auth/queries.ts'
import { newSecret, secretHash } from '../../api/auth/secret.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { bootDb } from '../bootstrap.ts'
import { seedStreet } from '../seed/index.ts'
import { TEST_PASSWORD_COST } from './constants.ts'

export async function bareStreet(where: { databaseUrl: string } | { dataDir: string }, tokenNames: string[]) {
  const db = await bootDb({ ...where, seed: 'none', now: new Date() })
  try {
    await seedStreet(db, dongtang(), [])
    // Accounts first, as the first service to start would: two starting at once on an empty database race to create them.
    await ensureAccounts(db, { adminPassword: newSecret(), log: () => {}, passwordCost: TEST_PASSWORD_COST })
    const [{ id: street }] = await db.query<{ id: number }>('SELECT id FROM streets')
    const tokens: string[] = []
    for (const name of tokenNames) {
      const t = newSecret()
      await db.query(INSERT_TOKEN, [street, name, secretHash(t), 'inspector', 'admin', new Date(Date.now() + 86_400_000)])
      tokens.push(t)
    }
    const points = (
      await db.query<{ lon: number; lat: number }>('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids) s')
    ).map((r): [number, number] => [r.lon, r.lat])
    return { street, tokens, points }
  } finally {
    await db.close()
  }
}
