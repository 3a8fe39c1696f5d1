import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { report, send } from '../issues/test-helpers.ts'
import { loadCalendar, streetDeadline } from './calendar.ts'
import { escalate } from './escalate.ts'

async function escalations(id: number) {
  const { body } = await send('GET', `/api/v1/issues/${id}`)
  return body.properties.events.filter((e: { action: string }) => ['remind', 'supervise'].includes(e.action))
}

describe('催办 and 督办', () => {
  it('reminds at the deadline, escalates 24 h later, once each, and never touches issues not yet due', async () => {
    // exposed_garbage: 4 working hours. Thu 14:00 → deadline Fri 09:00 (1 h before TEST_NOW);
    // Mon 09:00 → Mon 15:00 (3 h before lunch, 1 h after; days before); a report at TEST_NOW is not due.
    const late = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body
    const older = (await report({ category: 'exposed_garbage', reported_at: '2026-11-16T09:00:00+08:00' })).body
    const fresh = (await report({ category: 'exposed_garbage' })).body
    expect(late.properties.deadline).toBe('2026-11-20T09:00:00+08:00')
    expect(older.properties.deadline).toBe('2026-11-16T15:00:00+08:00')
    const db = await testDb()
    const first = await escalate(db, TEST_NOW)
    expect((await escalations(late.id)).map((e: { action: string }) => e.action)).toEqual(['remind'])
    expect((await escalations(older.id)).map((e: { action: string }) => e.action)).toEqual(['remind', 'supervise'])
    expect(await escalations(fresh.id)).toEqual([])
    const sup = (await escalations(older.id))[1]
    expect(sup.actor).toBe('系统')
    expect(sup.note).toContain('督办')
    expect(first.remind.length).toBeGreaterThanOrEqual(2)
    const again = await escalate(db, TEST_NOW)
    expect(again.remind).toEqual([])
    expect(again.supervise).toEqual([])
    const { body: list } = await send('GET', `/api/v1/issues?category=exposed_garbage&from=2026-11-16&limit=100`)
    const row = list.features.find((f: { id: number }) => f.id === older.id)
    expect(row.properties.overdue).toBe(true)
    expect(row.properties.escalated_at).toBe('2026-11-20T10:00:00+08:00')
  })

  it('escalates exactly when the delay after the deadline has passed, not a second sooner', async () => {
    const db = await testDb()
    // reported so that their own deadlines (Fri 09:00) are not yet due for 督办, should another pass
    // run before theirs are set below
    const a = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body
    const b = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body
    const [{ street_id, after_h }] = await db.query<{ street_id: number; after_h: number }>(
      `SELECT i.street_id, COALESCE((SELECT escalate_after_hours FROM loop_settings l WHERE l.street_id = i.street_id), 24) AS after_h
       FROM issues i WHERE i.id = $1`,
      [a.id],
    )
    // a's deadline lies exactly the delay before now, b's one second later
    const due = new Date(TEST_NOW.getTime() - Number(after_h) * 3_600_000)
    await db.query(
      `UPDATE issues SET deadline = CASE id WHEN $3 THEN $1::timestamptz ELSE $1::timestamptz + interval '1 second' END
       WHERE street_id = $2 AND id IN ($3, $4)`,
      [due, street_id, a.id, b.id],
    )
    await escalate(db, TEST_NOW)
    expect((await escalations(a.id)).map((e: { action: string }) => e.action)).toEqual(['remind', 'supervise'])
    expect((await escalations(b.id)).map((e: { action: string }) => e.action)).toEqual(['remind'])
  })
})

describe('a pass after hours away', () => {
  it('works through more due issues than one batch takes, a transaction each, and escalates each once', async () => {
    const db = await testDb()
    const due = []
    for (let i = 0; i < 5; i++) due.push((await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body.id as number)
    // Servers other test files start on the shared server database escalate on the real clock,
    // which may add a 督办: what must hold is one 催办 per issue.
    const reminders = async (id: number) => (await escalations(id)).filter((e: { action: string }) => e.action === 'remind').length
    await escalate(db, TEST_NOW, 2)
    for (const id of due) expect(await reminders(id)).toBe(1)
    await escalate(db, TEST_NOW, 2)
    for (const id of due) expect(await reminders(id)).toBe(1)
  })

  it('skips an issue a transition holds, without waiting, and takes it in the next pass', async () => {
    const db = await testDb()
    const held = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body.id as number
    const free = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body.id as number
    const actions = async (id: number) => (await escalations(id)).map((e: { action: string }) => e.action).filter((a: string) => a === 'remind')
    if (process.env.TEST_ENGINE === 'postgres') {
      const other = new pg.Client({ connectionString: process.env.CGM_PG_URL })
      await other.connect()
      try {
        await other.query('BEGIN')
        await other.query('SELECT id FROM issues WHERE id = $1 FOR UPDATE', [held])
        await escalate(db, TEST_NOW)
        expect(await actions(held)).toEqual([])
        expect(await actions(free)).toEqual(['remind'])
      } finally {
        await other.query('ROLLBACK')
        await other.end()
      }
    }
    await escalate(db, TEST_NOW)
    expect(await actions(held)).toEqual(['remind'])
    expect(await actions(free)).toEqual(['remind'])
  })

  it.skipIf(process.env.TEST_ENGINE !== 'postgres')(
    'waits for another process’s batch of the same street instead of leaving the street out',
    async () => {
      const db = await testDb()
      const id = (await report({ category: 'exposed_garbage', reported_at: '2026-11-19T14:00:00+08:00' })).body.id as number
      const [{ street_id }] = await db.query<{ street_id: number }>('SELECT street_id FROM issues WHERE id = $1', [id])
      const other = new pg.Client({ connectionString: process.env.CGM_PG_URL })
      await other.connect()
      try {
        await other.query('BEGIN')
        await other.query("SELECT pg_advisory_xact_lock(hashtext('civic-grid:escalation'), $1)", [street_id])
        let done = false
        const pass = escalate(db, TEST_NOW).then((r) => ((done = true), r))
        await new Promise((r) => setTimeout(r, 300))
        expect(done).toBe(false)
        expect(await escalations(id)).toEqual([])
        await other.query('COMMIT')
        await pass
        expect((await escalations(id)).filter((e: { action: string }) => e.action === 'remind')).toHaveLength(1)
      } finally {
        await other.end()
      }
    },
  )
})

describe('the calendar comes from calendar_days and edits apply at once', () => {
  it('reads holidays and 调休 days, and a new holiday moves a deadline', async () => {
    const db = await testDb()
    const [{ id: street }] = await db.query<{ id: number }>('SELECT id FROM streets LIMIT 1')
    const cal = await loadCalendar(db, street)
    expect(cal.holidays.has('2026-10-01')).toBe(true)
    expect(cal.workdays.has('2026-10-10')).toBe(true)
    const start = new Date('2026-12-01T09:00:00+08:00') // a Tuesday
    const limit = { value: 1, unit: 'work_days' as const }
    expect((await streetDeadline(db, street, start, limit)).toISOString()).toBe('2026-12-02T09:30:00.000Z')
    await db.query("INSERT INTO calendar_days (street_id, day, kind, name) VALUES ($1, '2026-12-02', 'holiday', 'test')", [street])
    try {
      expect((await streetDeadline(db, street, start, limit)).toISOString()).toBe('2026-12-03T09:30:00.000Z')
    } finally {
      await db.query("DELETE FROM calendar_days WHERE street_id = $1 AND day = '2026-12-02'", [street])
    }
  })
})
