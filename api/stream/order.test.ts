/**
 * Live events reach a process in the order their messages arrive: another process's event comes by
 * NOTIFY and can arrive after this process's own later event. A stream never sends an id below one it
 * sent, so the earlier event must not be lost: delivery sends the street's events in id order.
 * "Another process" here is a second view of the test database with a bus of its own.
 */
import { describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { report } from '../issues/test-helpers.ts'
import { busFor, type LiveMessage } from './bus.ts'
import { deliverEvents } from './publish.ts'

/** The same database under another identity: its own bus and delivery state, as in another process. */
function otherProcess(db: Db): Db {
  return {
    engine: db.engine,
    query: (text, params) => db.query(text, params),
    exec: (script) => db.exec(script),
    tx: (fn) => db.tx(fn),
    expensive: (ms) => db.expensive(ms),
    close: async () => {},
  }
}

async function eventOf(db: Db, issue: number): Promise<{ id: number; street: number }> {
  const [row] = await db.query<{ id: string; street_id: number }>('SELECT id, street_id FROM issue_events WHERE issue_id = $1 ORDER BY id LIMIT 1', [
    issue,
  ])
  return { id: Number(row.id), street: row.street_id }
}

describe('live delivery order across processes', () => {
  it('an event that arrives after a later one is delivered before it, and each exactly once', async () => {
    const db = await testDb()
    const b = otherProcess(db)
    const got: number[] = []
    busFor(b).subscribe((m) => {
      if ((m as LiveMessage).event === 'issue') got.push((m as LiveMessage).id!)
    })
    // "B" starts delivering now (its starting point read and awaited): events committed from here on are live for it
    const [{ street }] = await db.query<{ street: number }>('SELECT street_id AS street FROM issue_events ORDER BY id DESC LIMIT 1')
    await deliverEvents(b, street, TEST_NOW, [1])
    const first = await eventOf(db, (await report({}, 0)).body.id)
    await deliverEvents(b, first.street, TEST_NOW, [first.id])
    // A writes e1, then B writes e2 (after e1 committed); B hears of its own e2 before A's NOTIFY of e1.
    const e1 = await eventOf(db, (await report({}, 1)).body.id)
    const e2 = await eventOf(db, (await report({}, 2)).body.id)
    await deliverEvents(b, e2.street, TEST_NOW, [e2.id])
    await deliverEvents(b, e1.street, TEST_NOW, [e1.id])
    // other tests may write to the same street meanwhile: only these three are asserted, in order
    expect(got.filter((id) => [first.id, e1.id, e2.id].includes(id))).toEqual([first.id, e1.id, e2.id])
    expect(new Set(got).size).toBe(got.length)
  })
})
