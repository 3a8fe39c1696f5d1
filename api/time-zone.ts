/**
 * The street's time zone, the one source for code on every side (api/, web/, fixtures/, tests): local
 * days and months, and the offset of every ISO time the API writes. The database holds the zone per
 * street in streets.timezone for its own calendar arithmetic; time-zone.test.ts checks it agrees.
 * The zone keeps no daylight saving, so one fixed offset describes it all year.
 */
export const STREET_TIME_ZONE = 'Asia/Shanghai'

/** The zone's offset from UTC in milliseconds. */
export const STREET_OFFSET_MS = 8 * 3_600_000

/** The zone's offset as ISO 8601 text, e.g. "+08:00". */
export const STREET_OFFSET = `+${String(STREET_OFFSET_MS / 3_600_000).padStart(2, '0')}:00`
