/**
 * An issue's detail read side by side on the pool: a transition committed between its reads is not
 * shown as a status without the step that led to it (issueDetail reads again, the row first).
 */
import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { issueDetail } from './detail.ts'
import { report, step } from './test-helpers.ts'

describe('issue detail', () => {
  it('does not show a status without its step when a transition commits between its reads', async () => {
    const made = await report()
    expect(made.status).toBe(201)
    const id = made.body.properties.id as number
    const db = await testDb()
    const [{ street_id: street }] = await db.query<{ street_id: number }>('SELECT street_id FROM issues WHERE id = $1', [id])
    // The first timeline read waits until the row has been read, then for a transition to commit.
    let rowRead!: () => void
    const rowDone = new Promise<void>((r) => (rowRead = r))
    let raced = false
    const racing: Queryable = {
      exec: (s) => db.exec(s),
      query: async <T>(text: string, params: unknown[] = []) => {
        if (text.includes('FROM issue_events e') && text.includes('array_agg') && !raced) {
          raced = true
          await rowDone
          expect((await step(id, { action: 'assign' })).status).toBe(200)
        }
        const rows = await db.query<T>(text, params)
        if (text.includes('AS overdue')) rowRead()
        return rows
      },
    }
    const d = await issueDetail(racing, street, id, new Date())
    expect(raced).toBe(true)
    const events = d.properties.events as { to: string | null }[]
    expect(events.map((e) => e.to)).toContain('assigned')
    expect(d.properties.status).toBe(events.findLast((e) => e.to !== null)?.to)
  })
})
