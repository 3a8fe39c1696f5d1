import { describe, expect, it } from 'vitest'
import type { Issue } from '../../api/queries.ts'
import { dayStart } from '../../api/time.ts'
import { newest, rankByOpen, reportedSince, weeklyTrend, windowStart } from './aggregate.ts'

function issue(id: number, reported_at: string, status: Issue['properties']['status'], closed_at: string | null = null): Issue {
  return {
    type: 'Feature', id, geometry: { type: 'Point', coordinates: [113, 28.17] },
    properties: {
      id, reported_at, deadline: null, closed_at, status, category: 'x', category_name: 'X', grid_code: 'g', community_code: 'c', group_code: null,
      description: '', source: 'inspection', notice_no: null, rework_count: 0, reminded_at: null, escalated_at: null, overdue: false,
    },
  }
}

const now = new Date('2026-11-25T10:00:00+08:00') // a Wednesday
const list = [
  issue(1, '2026-11-25T08:00:00+08:00', 'reported'),
  issue(2, '2026-11-23T00:00:00+08:00', 'closed', '2026-11-24T09:00:00+08:00'), // Monday 00:00 is this week
  issue(3, '2026-11-22T23:59:00+08:00', 'closed', '2026-11-22T23:59:30+08:00'), // Sunday: last week
  issue(4, '2026-09-07T00:00:00+08:00', 'answered'), // first day of the 12-week window
  issue(5, '2026-09-06T23:59:00+08:00', 'closed'), // just before it
]

describe('wall display folds', () => {
  it('bins issues into 12 Monday weeks, counting finished ones', () => {
    const bins = weeklyTrend(list, now, 12)
    expect(bins).toHaveLength(12)
    expect(bins[0]).toEqual({ week: '09-07', total: 1, closed: 1 })
    expect(bins[10]).toEqual({ week: '11-16', total: 1, closed: 1 })
    expect(bins[11]).toEqual({ week: '11-23', total: 2, closed: 1 })
    expect(bins.reduce((s, b) => s + b.total, 0)).toBe(4)
  })


  it('windows and newest-first order', () => {
    expect(reportedSince(list, windowStart('today', now, dayStart)).map((f) => f.properties.id)).toEqual([1])
    expect(reportedSince(list, windowStart('7d', now, dayStart)).map((f) => f.properties.id)).toEqual([1, 2, 3])
    expect(newest(list, 2).map((f) => f.properties.id)).toEqual([1, 2])
  })

  it('ranks by open, then by total', () => {
    const rows = [{ k: 'a', open: 1, total: 9 }, { k: 'b', open: 3, total: 1 }, { k: 'c', open: 1, total: 10 }]
    expect(rankByOpen(rows).map((r) => r.k)).toEqual(['b', 'c', 'a'])
    expect(rankByOpen(rows, 1)).toHaveLength(1)
  })
})
