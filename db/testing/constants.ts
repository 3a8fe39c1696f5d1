import type { ScryptCost } from '../../api/auth/password.ts'

/** The fixed clock of the test data set: the demo year ends here, and "overdue" is judged here. */
export const TEST_NOW = new Date('2026-11-20T10:00:00+08:00')

/** The admin password of the test databases (the demo accounts use DEMO_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password'

/**
 * The scrypt cost of test accounts: the product's cost (2^17) takes over a second per login on a
 * shared CI core. Test harnesses pass it explicitly; nothing in the product reads it.
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 }
