/** An app over the worker's test database with the test clock, for route tests via app.request(). */
import { buildApp } from '../../api/app.ts'
import { loadConfig } from '../../api/config.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from './constants.ts'
import { testDb } from './db.ts'

/** Builds the app as server.ts does, with a fake environment, a fixed clock and the test accounts' scrypt cost. */
export async function testApp(env: Record<string, string> = {}, now: () => Date = () => TEST_NOW) {
  const db = await testDb()
  return buildApp({ db, config: { ...loadConfig({ SEED: 'none', ...env }), passwordCost: TEST_PASSWORD_COST }, now })
}

/** GET a path of the API and parse its JSON. */
export async function getJson<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const app = await testApp()
  const res = await app.request(path, init)
  return { status: res.status, body: (await res.json()) as T }
}

/** Logs in through the API and returns the Cookie header of the new session. */
export async function loginCookie(username: string, password: string): Promise<string> {
  const app = await testApp()
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status}`)
  return res.headers.get('set-cookie')!.split(';')[0]
}
