import { describe, expect, it } from 'vitest'
import { isoWeek } from './inspections.api.ts'

describe('isoWeek', () => {
  // Expected weeks from the ISO 8601 calendar (checked against a printed calendar, not this code).
  it.each([
    ['2026-12-03T12:00:00+08:00', '2026-W49'],
    ['2026-11-30T00:00:00+08:00', '2026-W49'],
    ['2026-11-29T23:59:59+08:00', '2026-W48'],
    ['2026-01-01T10:00:00+08:00', '2026-W01'],
    ['2027-01-01T10:00:00+08:00', '2026-W53'],
    ['2021-01-03T10:00:00+08:00', '2020-W53'],
    ['2024-12-30T10:00:00+08:00', '2025-W01'],
  ])('%s is %s', (at, week) => {
    expect(isoWeek(Date.parse(at))).toBe(week)
  })
})
