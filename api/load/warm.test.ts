/** The server's warm-up runs the write path a report takes, and leaves nothing behind. */
import { describe, expect, it } from 'vitest'
import { rolledBack } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { warmWrites } from './warm.ts'

const WARM_NOTE = '连接预热'

describe('warming a connection on the write path', () => {
  it('reports and assigns one issue of the first category and one of bike parking, then keeps none of it', async () => {
    const db = await testDb()
    const seen: { category_code: string; status: string; actions: string[] }[] = []
    await rolledBack(
      (fn) => db.tx(fn),
      async (q) => {
        await warmWrites(q, TEST_NOW)
        seen.push(
          ...(await q.query<{ category_code: string; status: string; actions: string[] }>(
            `SELECT i.category_code, i.status,
                    (SELECT array_agg(e.action ORDER BY e.id) FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id) AS actions
             FROM issues i WHERE i.description = $1 AND i.reported_at = $2 ORDER BY i.id`,
            [WARM_NOTE, TEST_NOW],
          )),
        )
      },
    )
    expect(seen).toHaveLength(2)
    expect(seen.map((r) => r.category_code)).toContain('bike_parking')
    for (const r of seen) {
      expect(r.status).toBe('assigned')
      expect(r.actions).toEqual(['report', 'assign'])
    }
    const [{ left }] = await db.query<{ left: number }>('SELECT count(*)::int AS left FROM issues WHERE description = $1', [WARM_NOTE])
    expect(left).toBe(0)
  })
})
