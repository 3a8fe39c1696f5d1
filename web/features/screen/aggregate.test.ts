import { describe, expect, it } from 'vitest'
import { dayStart } from '../../api/time.ts'
import { rankByTotal, trendWeeks, weekBar, windowStart } from './aggregate.ts'

const now = new Date('2026-11-25T10:00:00+08:00') // a Wednesday

describe('wall display helpers', () => {
  it('splits the trend into 12 Monday weeks of half-open windows ending with this week', () => {
    const weeks = trendWeeks(now, 12)
    expect(weeks).toHaveLength(12)
    expect(weeks[0]).toEqual({ week: '09-07', from: '2026-09-07T00:00:00+08:00', to: '2026-09-14T00:00:00+08:00' })
    expect(weeks[11]).toEqual({ week: '11-23', from: '2026-11-23T00:00:00+08:00', to: '2026-11-30T00:00:00+08:00' })
    for (let i = 1; i < 12; i++) expect(weeks[i].from).toBe(weeks[i - 1].to)
  })

  it("counts a week's finished issues as closed plus answered", () => {
    expect(weekBar('11-23', { total: 9, closed: 4, answered: 1 })).toEqual({ week: '11-23', total: 9, closed: 5 })
  })

  it('starts windows on Shanghai days', () => {
    expect(windowStart('today', now, dayStart).toISOString()).toBe('2026-11-24T16:00:00.000Z')
    expect(windowStart('7d', now, dayStart).toISOString()).toBe('2026-11-18T16:00:00.000Z')
  })

  it('ranks by the window total (the bars), then by open', () => {
    const rows = [
      { k: 'a', open: 1, total: 9 },
      { k: 'b', open: 3, total: 1 },
      { k: 'c', open: 1, total: 10 },
    ]
    expect(rankByTotal(rows).map((r) => r.k)).toEqual(['c', 'a', 'b'])
    expect(rankByTotal(rows, 1)).toHaveLength(1)
  })
})
