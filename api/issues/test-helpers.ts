/** Helpers shared by the closed-loop tests: an app over the test database and JSON requests. */
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { secretHash } from '../auth/secret.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import type { Action } from './states.ts'

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read loosely

const sessions = new Map<string, Promise<string>>()
const owners = new Map<string, string>()

/**
 * The session cookie of a test account (`admin` or a demo account), logged in once per worker and
 * engine, and again when its session has gone (see renewed).
 */
export async function cookieOf(username: string): Promise<string> {
  const key = `${process.env.TEST_ENGINE}:${username}`
  const cached = sessions.get(key)
  if (cached) {
    const cookie = await cached.catch(() => '')
    const db = await testDb()
    const live =
      cookie && (await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [secretHash(cookie.slice(cookie.indexOf('=') + 1))])).length
    if (live) return cookie
  }
  const c = loginCookie(username, username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD)
  sessions.set(key, c)
  const cookie = await c
  owners.set(cookie, username)
  return cookie
}

/**
 * A new session for the account behind a cached cookie whose session is gone, or null for any other
 * cookie. On the PostgreSQL test database all workers share one database, and the crash test's
 * server runs on the real clock: logging in there sweeps the test clock's sessions as expired.
 */
export async function renewed(cookie: string): Promise<string | null> {
  const username = owners.get(cookie)
  if (!username) return null
  owners.delete(cookie)
  sessions.delete(`${process.env.TEST_ENGINE}:${username}`)
  return cookieOf(username)
}

/**
 * Sends a JSON request to the test app; returns status and parsed body. Requests go as the demo
 * inspector unless `cookie` names another session; pass '' to send it anonymously.
 */
export async function send(method: string, path: string, body?: unknown, cookie?: string): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const go = (who: string) =>
    app.request(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(who ? { cookie: who } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
  const who = cookie ?? (await cookieOf('inspector'))
  let res = await go(who)
  if (res.status === 401 && who) {
    const again = await renewed(who)
    if (again) res = await go(again)
  }
  return { status: res.status, body: (await res.json()) as Json }
}

/**
 * The demo account that takes each step in tests by default: the leader assigns, rectifies and
 * answers, the inspector does 回头看 and reopens (nobody passes their own rectification).
 */
export const STEP_BY: Record<Action, string> = {
  assign: 'leader',
  start: 'leader',
  rectify: 'leader',
  answer: 'leader',
  merge: 'leader',
  approve: 'inspector',
  reject: 'inspector',
  reopen: 'inspector',
}

/** A point well inside a grid of the street (PostGIS point-on-surface of the lowest-coded grid). */
export async function pointInside(k = 0): Promise<[number, number]> {
  const db = await testDb()
  const [r] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids ORDER BY code OFFSET $1 LIMIT 1) s',
    [k],
  )
  return [r.lon, r.lat]
}

/** Reports a problem (as the inspector unless `as` names another account); asserting 201 is left to the caller. */
export async function report(extra: Json = {}, k = 0, as = 'inspector') {
  const [lon, lat] = await pointInside(k)
  return send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: '测试：乱堆乱放', ...extra }, await cookieOf(as))
}

/** Performs a transition on an issue, as the account STEP_BY names for the action unless `as` is given. */
export const step = async (id: number, body: Json, as?: string) =>
  send('POST', `/api/v1/issues/${id}/transitions`, body, await cookieOf(as ?? STEP_BY[body.action as Action] ?? 'leader'))
