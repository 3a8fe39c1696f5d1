/** Throw-away accounts for tests that lock, rehash or flood an account the other test files share. */
import { randomUUID } from 'node:crypto'
import { hashPassword, type ScryptCost } from '../../api/auth/password.ts'
import { INSERT_USER } from '../../api/auth/queries.ts'
import type { Role } from '../../api/auth/user.ts'
import { resolveStreet } from '../../api/filters.ts'
import { TEST_PASSWORD_COST } from './constants.ts'
import { testDb } from './db.ts'

/** Creates an account with a fresh name; returns the name. */
export async function newAccount(role: Role, password: string, cost: ScryptCost = TEST_PASSWORD_COST): Promise<string> {
  const db = await testDb()
  const username = `t-${randomUUID().slice(0, 12)}`
  await db.query(INSERT_USER, [await resolveStreet(db), username, '测试账户', await hashPassword(password, cost), role, null])
  return username
}
