import { describe, expect, it } from 'vitest'
import { fromQuery, spanWindow, toFilter, toQuery } from './filters.ts'

const now = new Date('2026-11-23T21:00:00+08:00')

describe('planning filters in the URL', () => {
  it('round-trips through the query string', () => {
    const q = {
      range: 'custom',
      from: '2026-10-01',
      to: '2026-10-31',
      category: 'a,b',
      status: 'closed',
      community: '430111005001',
      measure: 'per_km2',
      layer: 'hex',
      coverage: '200',
      before: '2026-06-01..2026-06-30',
      after: '2026-09-01..2026-09-30',
    }
    const s = fromQuery(q, now)
    expect(toQuery(s, now)).toEqual(q)
  })

  it('drops malformed values instead of sending them to the API', () => {
    const s = fromQuery({ range: 'forever', status: 'closed,bogus', community: '12', measure: 'x', coverage: '250' }, now)
    expect(s).toMatchObject({ range: '30d', statuses: ['closed'], community: '', measure: 'open', coverage: 0 })
    expect(fromQuery({ before: '2026-10-31..2026-10-01', after: '2026-13-01..x' }, now)).toMatchObject(fromQuery({}, now))
    expect(toQuery(s, now)).toEqual({ status: 'closed' })
  })

  it('turns presets and inclusive custom dates into half-open windows in +08:00', () => {
    expect(toFilter(fromQuery({ range: '7d' }, now), now)).toMatchObject({ from: '2026-11-17T00:00:00+08:00', to: '2026-11-24T00:00:00+08:00' })
    const custom = toFilter(fromQuery({ range: 'custom', from: '2026-10-01', to: '2026-10-31', category: 'a,b' }, now), now)
    expect(custom).toEqual({
      from: '2026-10-01T00:00:00+08:00',
      to: '2026-11-01T00:00:00+08:00',
      category: 'a,b',
      status: undefined,
      community: undefined,
    })
  })

  it('defaults the area comparison to the 30 days ending today against the 30 before, as half-open windows', () => {
    const s = fromQuery({}, now)
    expect(s.after).toEqual({ from: '2026-10-25', to: '2026-11-23' })
    expect(s.before).toEqual({ from: '2026-09-25', to: '2026-10-24' })
    expect(spanWindow(s.after)).toEqual({ from: '2026-10-25T00:00:00+08:00', to: '2026-11-24T00:00:00+08:00' })
    expect(spanWindow(s.before).to).toBe(spanWindow(s.after).from)
  })
})
