/** Seeds the four synthetic neighbours of 东塘 (fixtures/district), each in its own transaction. */
import { NEIGHBOURS, neighbour } from '../../fixtures/district/index.ts'
import { laxer } from '../../fixtures/district/laxity.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'
import type { Db } from '../adapter.ts'
import { seedStreet } from './index.ts'

/** Writes the neighbours with street ids after the highest one present; returns the issues written. */
export async function seedNeighbours(db: Db, now: Date, log: (m: string) => void = () => {}, scale = 1): Promise<number> {
  const [{ max }] = await db.query<{ max: number }>('SELECT coalesce(max(id), 0)::int AS max FROM streets')
  let written = 0
  for (const [k, n] of NEIGHBOURS.entries()) {
    const data = neighbour(n, max + 1 + k)
    const count = Math.round(n.issues * scale)
    const issues = laxer(generateIssues(data, { count, seed: 20171 + k + 1, now }), n.laxity, 31 + k)
    written += await seedStreet(db, data, issues, (i) => log(`seeding ${data.street.name}: ${i}/${count} issues`))
  }
  return written
}
