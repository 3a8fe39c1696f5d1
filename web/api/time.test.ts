import { describe, expect, it } from 'vitest'
import { dayStart, hhmm, isoLocal, localDate, mdhm, weekStart } from './time.ts'

describe('street-zone calendar (UTC+8)', () => {
  // 2026-11-22 23:30 UTC is already Monday 2026-11-23 07:30 in Changsha.
  const t = new Date('2026-11-22T23:30:00Z')

  it('takes the Shanghai date, not the UTC one', () => {
    expect(localDate(t)).toBe('2026-11-23')
    expect(dayStart(t).toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(dayStart(t, -6).toISOString()).toBe('2026-11-16T16:00:00.000Z')
  })

  it('starts weeks on Monday 00:00 local time', () => {
    expect(isoLocal(weekStart(t))).toBe('2026-11-23T00:00:00+08:00')
    // Sunday evening local time still belongs to the week that began the previous Monday.
    expect(isoLocal(weekStart(new Date('2026-11-22T13:00:00Z')))).toBe('2026-11-16T00:00:00+08:00')
    expect(isoLocal(weekStart(t, -11))).toBe('2026-09-07T00:00:00+08:00')
  })

  it('formats API times in the street zone', () => {
    expect(isoLocal(t)).toBe('2026-11-23T07:30:00+08:00')
    expect(hhmm('2026-11-23T01:05:00Z')).toBe('09:05')
    expect(mdhm('2026-11-23T09:05:00+08:00')).toBe('11-23 09:05')
  })
})
