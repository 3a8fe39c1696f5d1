import { describe, expect, it } from 'vitest'
import { change, daysOverdue, previousWindow, rankGroups } from './place.ts'

describe('place drill-down helpers', () => {
  it('takes the window of the same length just before for 环比', () => {
    expect(previousWindow({ from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' })).toEqual({
      from: '2026-10-02T00:00:00+08:00',
      to: '2026-11-01T00:00:00+08:00',
    })
    expect(previousWindow({ from: '2026-11-01T00:00:00+08:00' })).toBeNull()
  })
  it('gives the relative change, none when there was nothing before', () => {
    expect(change(15, 10)).toBe(0.5)
    expect(change(5, 10)).toBe(-0.5)
    expect(change(5, 0)).toBeNull()
    expect(change(5, null)).toBeNull()
  })
  it('counts whole days overdue, at least one', () => {
    const now = Date.parse('2026-12-04T12:00:00+08:00')
    expect(daysOverdue('2026-12-01T17:30:00+08:00', now)).toBe(2)
    expect(daysOverdue('2026-12-04T11:00:00+08:00', now)).toBe(1)
  })
  it('ranks groups weakest on-time rate first, nothing due last, then by overdue', () => {
    const g = (key: string, on_time_rate: number | null, overdue: number) => ({ key, on_time_rate, overdue })
    expect(rankGroups([g('a', 0.9, 1), g('b', null, 5), g('c', 0.5, 0), g('d', 0.9, 3)]).map((x) => x.key)).toEqual(['c', 'd', 'a', 'b'])
  })
})
