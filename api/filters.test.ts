import { describe, expect, it } from 'vitest'
import { parseInstant } from './filters.ts'

/** The instant of a UTC wall time, built field by field (setUTCFullYear keeps years 0–99 as written). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0)
  t.setUTCFullYear(y, mo - 1, d)
  t.setUTCHours(h, mi, s, ms)
  return t.getTime()
}
const H = 3600_000

describe('parseInstant: every date the API takes, parsed strictly and never rewritten', () => {
  it('reads dates as local midnight in Asia/Shanghai and honours an offset or Z', () => {
    expect(parseInstant('2026-11-20')!.getTime()).toBe(utc(2026, 11, 20) - 8 * H)
    expect(parseInstant('2026-11-20T10:05')!.getTime()).toBe(utc(2026, 11, 20, 10, 5) - 8 * H)
    expect(parseInstant('2026-11-20T10:05:07Z')!.getTime()).toBe(utc(2026, 11, 20, 10, 5, 7))
    expect(parseInstant('2026-11-20T10:05:07.25-05:30')!.getTime()).toBe(utc(2026, 11, 20, 10, 5, 7, 250) + 5.5 * H)
    expect(parseInstant('2026-11-20T10:05:07.123456+0800')!.getTime()).toBe(utc(2026, 11, 20, 10, 5, 7, 123) - 8 * H)
    expect(parseInstant('2024-02-29')!.getTime()).toBe(utc(2024, 2, 29) - 8 * H)
  })

  it('keeps the year as written: year 0001 is year 1 (to be refused by the window), not 1901 or 2001', () => {
    expect(parseInstant('0001-01-01T08:00:00+08:00')!.getUTCFullYear()).toBe(1)
    expect(parseInstant('0099-06-01T00:00Z')!.getUTCFullYear()).toBe(99)
  })

  it('refuses fields out of range instead of rolling them over', () => {
    for (const s of [
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2025-02-29',
      '2026-01-01T24:00',
      '2026-01-01T23:60',
      '2026-01-01T23:59:60',
      '2026-01-01T10:00+15:00',
      '2026-01-01T10:00+08:60',
      '26-01-01',
      '2026-1-1',
      '+02026-01-01',
      '2026-01-01T10',
      '2026-01-01 10:00',
      '2026-01-01T10:00:00.1234567Z',
      '',
    ])
      expect(parseInstant(s), s).toBeNull()
  })
})
