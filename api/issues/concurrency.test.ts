import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { report, step } from './test-helpers.ts'

async function eventCount(id: number, action: string): Promise<number> {
  const db = await testDb()
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_events WHERE issue_id = $1 AND action = $2', [id, action])
  return n
}

describe('simultaneous transitions on one issue', () => {
  it('exactly one of two parallel starts wins; the other gets 409 and no event is lost or doubled', async () => {
    const id = (await report()).body.id as number
    await step(id, { action: 'assign' })
    const results = await Promise.all([step(id, { action: 'start' }, 'leader'), step(id, { action: 'start' }, 'admin')])
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 409])
    expect(await eventCount(id, 'start')).toBe(1)
    const loser = results.find((r) => r.status === 409)!
    expect(['illegal_transition', 'version_conflict']).toContain(loser.body.error.code)
  })

  it('of ten parallel different actions at one version exactly one is applied', async () => {
    const id = (await report()).body.id as number
    await step(id, { action: 'assign' })
    const bodies = Array.from({ length: 10 }, (_, k) =>
      k % 2 ? { action: 'start', version: 2 } : { action: 'rectify', note: `完成 ${k}`, version: 2 },
    )
    const results = await Promise.all(bodies.map((b) => step(id, b)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(9)
    const db = await testDb()
    const [row] = await db.query<{ version: number; n: number }>(
      'SELECT version, (SELECT count(*)::int FROM issue_events e WHERE e.issue_id = i.id) AS n FROM issues i WHERE id = $1',
      [id],
    )
    expect(row.version).toBe(3)
    expect(row.n).toBe(3)
  })

  it('parallel assignments of different issues never share a notice number', async () => {
    const ids = []
    for (let k = 0; k < 6; k++) ids.push((await report()).body.id as number)
    const res = await Promise.all(ids.map((id) => step(id, { action: 'assign' })))
    const nos = res.map((r) => r.body.properties.notice_no as string)
    expect(res.every((r) => r.status === 200)).toBe(true)
    expect(new Set(nos).size).toBe(6)
  })
})
