import { describe, expect, it } from 'vitest'
import { CN_CALENDAR } from '../../fixtures/calendar-cn.ts'
import { addWorkingDays, addWorkingHours, deadlineFor, isoLocal, isWorkingDay, makeCalendar } from './worktime.ts'

const cal = makeCalendar(CN_CALENDAR)
const t = (s: string) => new Date(s)

// Expected instants are counted by hand on the office hours 08:30–12:00 and 14:00–17:30.
describe('working-time deadlines', () => {
  it('Friday 17:00 + 4 working hours → half an hour on Friday, 3.5 h on Monday → Monday 12:00', () => {
    expect(isoLocal(addWorkingHours(t('2026-11-20T17:00:00+08:00'), 4, cal))).toBe('2026-11-23T12:00:00+08:00')
  })

  it('Friday 17:00 + 1 working day → close of office on Monday', () => {
    expect(isoLocal(addWorkingDays(t('2026-11-20T17:00:00+08:00'), 1, cal))).toBe('2026-11-23T17:30:00+08:00')
  })

  it('the day before National Day: the holiday week is skipped (09-30 16:00 + 4 h → 10-08 11:00)', () => {
    expect(isoLocal(addWorkingHours(t('2026-09-30T16:00:00+08:00'), 4, cal))).toBe('2026-10-08T11:00:00+08:00')
    expect(isoLocal(addWorkingDays(t('2026-09-30T16:00:00+08:00'), 1, cal))).toBe('2026-10-08T17:30:00+08:00')
  })

  it('a 调休 Saturday counts as a working day (Friday 10-09 17:00 + 4 h → Saturday 10-10 12:00)', () => {
    expect(isWorkingDay('2026-10-10', cal)).toBe(true)
    expect(isoLocal(addWorkingHours(t('2026-10-09T17:00:00+08:00'), 4, cal))).toBe('2026-10-10T12:00:00+08:00')
    expect(isoLocal(addWorkingDays(t('2026-10-09T12:00:00+08:00'), 1, cal))).toBe('2026-10-10T17:30:00+08:00')
  })

  it('a report during the lunch break starts counting at 14:00; one on a holiday at the next working day', () => {
    expect(isoLocal(addWorkingHours(t('2026-11-18T12:30:00+08:00'), 1, cal))).toBe('2026-11-18T15:00:00+08:00')
    expect(isoLocal(addWorkingHours(t('2026-10-03T09:00:00+08:00'), 2, cal))).toBe('2026-10-08T10:30:00+08:00')
  })

  it('15 working days for 违章搭建 skip three weekends', () => {
    // Mon 2026-11-02 → 15 working days later is Mon 2026-11-23 (Nov 3–6, 9–13, 16–20, 23)
    expect(isoLocal(deadlineFor(t('2026-11-02T09:00:00+08:00'), { value: 15, unit: 'work_days' }, cal))).toBe('2026-11-23T17:30:00+08:00')
  })
})
