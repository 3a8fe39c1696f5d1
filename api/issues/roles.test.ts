import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { report, step } from './test-helpers.ts'

/** A transition sent with a session cookie (same-origin, as the web app sends it). */
async function stepAs(cookie: string, id: number, body: Record<string, unknown>) {
  const app = await testApp()
  const res = await app.request(`/api/v1/issues/${id}/transitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('the one role check of the loop (mayPerform) with logged-in users', () => {
  it('答复 is for leaders only; a logged-in user is recorded as the actor, whatever the body says', async () => {
    const id = (await report()).body.id as number
    await step(id, { action: 'assign' })
    const inspector = await loginCookie('inspector', DEMO_PASSWORD)
    const denied = await stepAs(inspector, id, { action: 'answer', note: '无法整改' })
    expect(denied.status).toBe(403)
    const leader = await loginCookie('leader', DEMO_PASSWORD)
    const ok = await stepAs(leader, id, { action: 'answer', note: '产权争议，无法整改', actor: '冒名' })
    expect(ok.status).toBe(200)
    expect(ok.body.properties.status).toBe('answered')
    expect(ok.body.properties.events.at(-1).actor).toBe('leader')
    const started = (await report()).body.id as number
    await step(started, { action: 'assign' })
    expect((await stepAs(inspector, started, { action: 'start' })).status).toBe(200)
  })
})
