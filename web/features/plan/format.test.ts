import { describe, expect, it } from 'vitest'
import { area, change, points, share, whole } from './format.ts'

describe('area panel formats', () => {
  it('writes changes signed, with — when there was nothing before', () => {
    expect(change(0.1234)).toBe('+12.3%')
    expect(change(-0.5)).toBe('−50.0%')
    expect(change(0)).toBe('±0.0%')
    expect(change(null)).toBe('—')
    expect(points(-0.073)).toBe('−7.3')
  })

  it('writes counts, shares and areas', () => {
    expect(whole(12345.6)).toBe('12,346')
    expect(whole(null)).toBe('—')
    expect(share(0.9876)).toBe('98.8%')
    expect(area(9_999)).toBe('9,999 m²')
    expect(area(1_234_567)).toBe('1.23 km²')
  })
})
