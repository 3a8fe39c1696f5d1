import { describe, expect, it } from 'vitest'
import { fromQuery, toFilter, toQuery } from './filters.ts'

const now = new Date('2026-11-23T21:00:00+08:00')

describe('planning filters in the URL', () => {
  it('round-trips through the query string', () => {
    const q = { range: 'custom', from: '2026-10-01', to: '2026-10-31', category: 'a,b', status: 'closed', community: '430111005001', measure: 'per_km2', layer: 'hex', coverage: '200' }
    const s = fromQuery(q, now)
    expect(toQuery(s)).toEqual(q)
  })

  it('drops malformed values instead of sending them to the API', () => {
    const s = fromQuery({ range: 'forever', status: 'closed,bogus', community: '12', measure: 'x', coverage: '250' }, now)
    expect(s).toMatchObject({ range: '30d', statuses: ['closed'], community: '', measure: 'open', coverage: 0 })
    expect(toQuery(s)).toEqual({ status: 'closed' })
  })

  it('turns presets and inclusive custom dates into half-open windows in +08:00', () => {
    expect(toFilter(fromQuery({ range: '7d' }, now), now)).toMatchObject({ from: '2026-11-17T00:00:00+08:00', to: '2026-11-24T00:00:00+08:00' })
    const custom = toFilter(fromQuery({ range: 'custom', from: '2026-10-01', to: '2026-10-31', category: 'a,b' }, now), now)
    expect(custom).toEqual({ from: '2026-10-01T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00', category: 'a,b', status: undefined, community: undefined })
  })
})
