/** What an API token may be: a machine's role only, for a bounded time. */

/**
 * Roles a token may carry: the wall display (kiosk) and a 12345 bridge, which files reports across
 * the street and so needs inspector, the least role that may. A person signs in; no token is admin.
 */
export const TOKEN_ROLES = ['kiosk', 'inspector'] as const

/** A token's lifetime in days: the default when none is asked for, and the most that may be asked. */
export const TOKEN_DAYS = { default: 90, max: 365 } as const
