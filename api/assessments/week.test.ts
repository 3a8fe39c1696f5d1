import { describe, expect, it } from 'vitest'
import { parseWeek, shiftWeek, weekOf, weeksInYear } from './week.ts'

/** The ISO week of a local calendar date by the textbook rule (Thursday of the same week), independently. */
function isoWeekByThursday(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d))
  const dow = date.getUTCDay() || 7
  date.setUTCDate(date.getUTCDate() + 4 - dow)
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1)
  const n = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7)
  return `${date.getUTCFullYear()}-W${String(n).padStart(2, '0')}`
}

describe('ISO weeks in +08:00', () => {
  it('agree with the Thursday rule for every day 2019–2031', () => {
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
      const d = new Date(t)
      const noonLocal = new Date(t + 4 * 3_600_000) // 12:00 +08:00 of that date
      const want = isoWeekByThursday(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
      expect(weekOf(noonLocal).label).toBe(want)
      expect(parseWeek(want)!.start.getTime()).toBeLessThanOrEqual(noonLocal.getTime())
      expect(parseWeek(want)!.end.getTime()).toBeGreaterThan(noonLocal.getTime())
    }
  })

  it('start Monday 00:00 +08:00 and end a week later; Sunday 23:59:59 is still in the week', () => {
    const w = parseWeek('2026-W48')!
    expect(w.start.toISOString()).toBe(new Date('2026-11-23T00:00:00+08:00').toISOString())
    expect(w.end.toISOString()).toBe(new Date('2026-11-30T00:00:00+08:00').toISOString())
    expect(weekOf(new Date('2026-11-29T23:59:59+08:00')).label).toBe('2026-W48')
    expect(weekOf(new Date('2026-11-30T00:00:00+08:00')).label).toBe('2026-W49')
    // 2026-11-29T16:00Z is already Monday in Changsha
    expect(weekOf(new Date('2026-11-29T16:00:00Z')).label).toBe('2026-W49')
  })

  it('refuses weeks that do not exist', () => {
    expect(weeksInYear(2026)).toBe(53) // 2026 starts on a Thursday
    expect(weeksInYear(2027)).toBe(52)
    expect(parseWeek('2026-W53')!.monday).toBe('2026-12-28')
    for (const bad of ['2026-W54', '2027-W53', '2026-W00', '2026-W5', '2026W49', '2026-w49']) expect(parseWeek(bad), bad).toBeNull()
  })

  it('steps across a year boundary', () => {
    expect(shiftWeek(parseWeek('2027-W01')!, -1).label).toBe('2026-W53')
    expect(shiftWeek(parseWeek('2026-W53')!, 1).label).toBe('2027-W01')
  })
})
