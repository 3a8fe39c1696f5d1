/**
 * 督办 by hand (POST /issues/:id/supervise): a street leader presses an open issue; the timeline gains
 * one 'supervise' event by that leader with their note, the issue keeps its status and gains
 * escalated_at; a closed issue (409), an unknown one (404), a bad note (400) and the wrong role (403)
 * change nothing.
 */
import { describe, expect, it } from 'vitest'
import { cookieOf, report, send, step } from './test-helpers.ts'

describe('POST /issues/:id/supervise', () => {
  it('writes one supervise event by the leader with the note, on an open issue, keeping its status', async () => {
    const id = (await report({ category: 'clutter' }, 12)).body.id as number
    expect((await step(id, { action: 'assign' }, 'leader')).status).toBe(200)
    const before = (await send('GET', `/api/v1/issues/${id}`)).body.properties
    expect(before.escalated_at).toBeNull()
    const r = await send('POST', `/api/v1/issues/${id}/supervise`, { note: '请本周五前整改到位' }, await cookieOf('leader'))
    expect(r.status).toBe(201)
    const after = (await send('GET', `/api/v1/issues/${id}`)).body.properties
    expect(after.status).toBe('assigned')
    expect(after.events).toHaveLength(before.events.length + 1)
    expect(after.events.at(-1)).toMatchObject({ action: 'supervise', actor: 'leader', note: '请本周五前整改到位', from: 'assigned', to: 'assigned' })
    expect(after.escalated_at).not.toBeNull()
    expect(r.body.properties.events.at(-1).action).toBe('supervise')
  })

  it('refuses a closed issue (409), an unknown one (404), a missing note (400) and a grid manager (403), writing nothing', async () => {
    const id = (await report({ category: 'clutter' }, 12)).body.id as number
    const leader = await cookieOf('leader')
    expect((await step(id, { action: 'assign' }, 'leader')).status).toBe(200)
    expect((await step(id, { action: 'answer', note: '客观无法整改，已书面答复' }, 'leader')).status).toBe(200)
    const events = (await send('GET', `/api/v1/issues/${id}`)).body.properties.events.length
    const closed = await send('POST', `/api/v1/issues/${id}/supervise`, { note: '督办' }, leader)
    expect(closed.status).toBe(409)
    expect(closed.body.error.code).toBe('not_open')
    expect((await send('POST', '/api/v1/issues/987654321/supervise', { note: '督办' }, leader)).status).toBe(404)
    expect((await send('POST', `/api/v1/issues/${id}/supervise`, {}, leader)).status).toBe(400)
    expect((await send('POST', `/api/v1/issues/${id}/supervise`, { note: '督办' }, await cookieOf('grid01'))).status).toBe(403)
    expect((await send('GET', `/api/v1/issues/${id}`)).body.properties.events).toHaveLength(events)
  })
})
