import { describe, expect, it } from 'vitest'
import { fromQuery, toQuery, withFilter } from './points.query.ts'

describe('the ledger filters in the URL', () => {
  it('round-trips through the query, omitting what is not filtered', () => {
    const f = { cls: 'school', community: '430111005010', grid: '43011100501001', q: '小学' }
    expect(toQuery(f)).toEqual({ class: 'school', community: '430111005010', grid: '43011100501001', q: '小学' })
    expect(fromQuery(toQuery(f))).toEqual(f)
    expect(toQuery(fromQuery({}))).toEqual({})
  })

  it('ignores malformed codes and takes the first of repeated values', () => {
    expect(fromQuery({ class: 'x y', community: '123', grid: ['43011100501001', '43011100501002'], q: 'a' })).toEqual({
      cls: '',
      community: '',
      grid: '43011100501001',
      q: 'a',
    })
  })

  it('drops the grid when the community changes', () => {
    const f = { cls: '', community: '430111005010', grid: '43011100501001', q: '' }
    expect(withFilter(f, 'community', '430111005011')).toEqual({ ...f, community: '430111005011', grid: '' })
    expect(withFilter(f, 'cls', 'school')).toEqual({ ...f, cls: 'school' })
  })
})
