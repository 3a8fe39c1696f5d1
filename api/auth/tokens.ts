/** What an API token may be: a machine's role only, for a bounded time. */

/**
 * Roles a token may carry: the wall display (kiosk), `hotline` for the 12345 bridge (POST
 * /hotline/cases and nothing else), and inspector for older bridges that file through POST /issues.
 * A person signs in; no token is admin.
 */
export const TOKEN_ROLES = ['kiosk', 'inspector', 'hotline'] as const

/** A token's lifetime in days: the default when none is asked for, and the most that may be asked. */
export const TOKEN_DAYS = { default: 90, max: 365 } as const
