/** The fixed clock of the test data set: the demo year ends here, and "overdue" is judged here. */
export const TEST_NOW = new Date('2026-11-20T10:00:00+08:00')

/** The admin password of the test databases (the demo accounts use DEMO_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password'
