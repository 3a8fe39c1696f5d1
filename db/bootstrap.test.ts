import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bootDb } from './bootstrap.ts'
import { TEST_NOW } from './testing/constants.ts'

const COUNT = `SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM issue_events)::int AS events,
                      (SELECT count(*) FROM grids)::int AS grids, (SELECT count(*) FROM schema_migrations)::int AS migrations`

describe('start-up on an existing embedded database', () => {
  // The embedded engine keeps its data in DATA_DIR/pglite; the server's persistence is the server's.
  it.skipIf(process.env.TEST_ENGINE === 'postgres')('re-opens without re-importing or duplicating anything', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cgm-boot-'))
    await cp(process.env.CGM_PGLITE_TEMPLATE!, join(dataDir, 'pglite'), { recursive: true })
    const first = await bootDb({ dataDir, seed: 'dongtang', now: TEST_NOW })
    const before = await first.query<{ issues: number }>(COUNT)
    await first.close()
    const again = await bootDb({ dataDir, seed: 'dongtang', now: new Date() })
    expect(await again.query(COUNT)).toEqual(before)
    await again.close()
    expect(before[0].issues).toBeGreaterThanOrEqual(2240)
  })
})
