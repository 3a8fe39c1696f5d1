import { describe, expect, it } from 'vitest'
import { breaksFor, colorFor, legendLabels } from './choropleth.ts'

describe('choropleth classes', () => {
  it('keeps zero in its own class and every positive value in a higher one', () => {
    const values = [0, 0, 1, 1, 2, 3, 5, 8]
    const b = breaksFor(values, 'dark')
    expect(b.limits[0]).toBe(0)
    expect(colorFor(0, b)).toBe(b.colors[0])
    for (const v of values.filter((x) => x > 0)) expect(colorFor(v, b)).not.toBe(b.colors[0])
    expect(colorFor(8, b)).toBe(b.colors[b.colors.length - 1])
    // Limits strictly increase, so each class is non-empty in range.
    expect(b.limits.every((l, i) => i === 0 || l > b.limits[i - 1])).toBe(true)
  })

  it('collapses to one class when everything is zero', () => {
    const b = breaksFor([0, 0], 'light')
    expect(b.colors).toHaveLength(1)
    expect(legendLabels(b)).toEqual(['0'])
  })

  it('labels integer classes as ranges', () => {
    expect(legendLabels({ limits: [0, 1, 2, 4], colors: ['a', 'b', 'c', 'd'] })).toEqual(['0', '1', '2–3', '≥ 4'])
  })
})
