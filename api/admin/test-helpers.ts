/** Helpers of the admin tests: a session per role, JSON requests, and a digest of the admin's tables. */
import { tableDigests } from '../../db/backup/digest.ts'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import type { ROLES } from '../auth/user.ts'

type Role = (typeof ROLES)[number]

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read loosely

/** The demo account of each role (README), the admin with the test password. */
const ACCOUNTS: Record<Role, [string, string]> = {
  admin: ['admin', TEST_ADMIN_PASSWORD],
  leader: ['leader', DEMO_PASSWORD],
  group_leader: ['group01', DEMO_PASSWORD],
  inspector: ['inspector', DEMO_PASSWORD],
  grid_manager: ['grid01', DEMO_PASSWORD],
  kiosk: ['screen', DEMO_PASSWORD],
}

/** A fresh session cookie of the role's demo account. */
export const as = (role: Role) => loginCookie(...ACCOUNTS[role])

/** Sends a JSON request to the test app; returns status and parsed body. */
export async function call(method: string, path: string, body?: unknown, cookie?: string): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const res = await app.request(`/api/v1${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

/** Every table's digest except the logs a request may add to (sessions, audit_log, the login limiter's counts). */
export async function dataDigest(): Promise<Record<string, string>> {
  const { sessions: _s, audit_log: _a, login_attempts: _l, ...rest } = await tableDigests(await testDb())
  return rest
}

/** The newest audit entries of an action, newest first. */
export async function audited(action: string, target: string) {
  const db = await testDb()
  return db.query<{ actor: string; detail: Json }>('SELECT actor, detail FROM audit_log WHERE action = $1 AND target = $2 ORDER BY id DESC', [
    action,
    target,
  ])
}
