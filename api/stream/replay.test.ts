import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, step } from '../issues/test-helpers.ts'
import { openStream } from './test-reader.ts'

const LIMITS = { STREAM_REPLAY_PUBLIC: '3', STREAM_REPLAY_STAFF: '2' }

/** Reports an issue and takes it two steps: three new events; returns the id of the event before them. */
async function threeEvents(): Promise<{ mark: number; id: number }> {
  const db = await testDb()
  const [{ id: mark }] = await db.query<{ id: string }>('SELECT max(id) AS id FROM issue_events')
  const id = (await report()).body.id
  await step(id, { action: 'assign' })
  await step(id, { action: 'start' })
  return { mark: Number(mark), id }
}

describe('replay after Last-Event-ID is bounded', () => {
  it('an anonymous reader that missed more than STREAM_REPLAY_PUBLIC events gets one reset to the latest event, then live ones', async () => {
    const { mark } = await threeEvents()
    const later = (await report()).body.id // a fourth event: one more than the limit
    const db = await testDb()
    const [{ id: latest }] = await db.query<{ id: string }>('SELECT max(id) AS id FROM issue_events')
    const s = await openStream({ 'Last-Event-ID': String(mark) }, 'heartbeat_ms=60000', LIMITS)
    const got = await s.upTo((f) => f.event === 'reset')
    expect(got.filter((f) => f.event === 'issue')).toEqual([])
    // Its id is the latest event's (or a later one, when another test wrote meanwhile on a shared server).
    expect(got.at(-1)).toMatchObject({ data: { reason: 'replay_limit', replay_limit: 3 } })
    expect(got.at(-1)!.id).toBeGreaterThanOrEqual(Number(latest))
    await step(later, { action: 'assign' })
    const live = await s.next((f) => f.data?.issue_id === later)
    expect(live).toMatchObject({ event: 'issue', data: { action: 'assign' } })
    await s.close()
  })

  it('staff get the history a page of STREAM_REPLAY_STAFF events at a time: the stream ends after a page and the next resumes', async () => {
    const { mark } = await threeEvents()
    const db = await testDb()
    const after = async (id: number) =>
      (await db.query<{ id: string }>('SELECT id FROM issue_events WHERE id > $1 ORDER BY id LIMIT 2', [id])).map((r) => Number(r.id))
    const leader = await cookieOf('leader')
    const first = await openStream({ cookie: leader, 'Last-Event-ID': String(mark) }, 'heartbeat_ms=60000', LIMITS)
    const page1 = (await first.ended()).filter((f) => f.event === 'issue').map((f) => f.id!)
    expect(page1).toEqual(await after(mark))
    const second = await openStream({ cookie: leader, 'Last-Event-ID': String(page1[1]) }, 'heartbeat_ms=60000', LIMITS)
    const next = await second.next((f) => f.event === 'issue')
    expect(next.id).toBe((await after(page1[1]))[0])
    await second.close()
  })
})
