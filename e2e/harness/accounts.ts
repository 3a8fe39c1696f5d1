/** Accounts of the test database the browser tests sign in with (README's demo accounts, the test admin). */
import { DEMO_PASSWORD } from '../../api/auth/bootstrap.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import type { Account } from './session.ts'

export const ADMIN: Account = ['admin', TEST_ADMIN_PASSWORD]
export const LEADER: Account = ['leader', DEMO_PASSWORD]
export const INSPECTOR: Account = ['inspector', DEMO_PASSWORD]
