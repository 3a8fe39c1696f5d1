/** Helpers shared by the closed-loop tests: an app over the test database and JSON requests. */
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { testDb } from '../../db/testing/db.ts'

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read loosely

/**
 * Sends a JSON request to the test app; returns status and parsed body. Reads go as the demo
 * inspector (issue details are for staff); writes go as given in `cookie` (anonymous by default).
 */
export async function send(method: string, path: string, body?: unknown, cookie?: string): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const who = cookie ?? (method === 'GET' ? await loginCookie('inspector', DEMO_PASSWORD) : undefined)
  const res = await app.request(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(who ? { cookie: who } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Json }
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

/** Reports a problem and returns the created Feature (asserting 201 is left to the caller). */
export async function report(extra: Json = {}, k = 0) {
  const [lon, lat] = await pointInside(k)
  return send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: '测试：乱堆乱放', ...extra })
}

/** Performs a transition on an issue. */
export const step = (id: number, body: Json) => send('POST', `/api/v1/issues/${id}/transitions`, body)
