/**
 * The 地名库 an admin keeps for the 12345 locator: an alias makes a shortened name locatable, a 门牌
 * range places "X巷N号" where the fixture's own geometry says (turf, not SQL), and bad entries are a
 * clear 4xx that changes nothing. The entries a test adds are removed again (the database is shared).
 */
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { housePosition } from '../../fixtures/hotline/addresses.ts'
import { testDb } from '../../db/testing/db.ts'
import { as, call, type Json } from './test-helpers.ts'

const ROAD = '牛婆塘巷'
const line = () => dongtang().roads.find((r) => r.name === ROAD)!.geom.coordinates
const metres = (a: number[], b: number[]) => turf.distance(a, b, { units: 'meters' })

async function tryAddress(admin: string, address: string) {
  const r = await call('POST', '/admin/gazetteer/locate', { address }, admin)
  expect(r.status).toBe(200)
  return r.body as Json
}

describe('/admin/gazetteer', () => {
  it('an alias makes a shortened name locatable, and removing it undoes that', async () => {
    const admin = await as('admin')
    const market = dongtang().points.find((p) => p.name.endsWith('农贸市场'))!
    const short = market.name.replace('农贸市场', '农贸')
    const address = `${short}门口`
    expect((await tryAddress(admin, address)).placed).toBe(false)

    try {
      const put = await call('PUT', `/admin/gazetteer/aliases/${encodeURIComponent(short)}`, { target: market.name }, admin)
      expect(put.status).toBe(201)
      const placed = await tryAddress(admin, address)
      expect(placed.placed).toBe(true)
      expect(metres([placed.located.lon, placed.located.lat], market.lonlat)).toBeLessThan(1)
      const list = (await call('GET', '/admin/gazetteer', undefined, admin)).body
      expect(list.aliases.find((a: Json) => a.alias === short)?.target).toBe(market.name)
      expect(list.names.some((n: Json) => n.name === market.name && n.kind === 'point')).toBe(true)
      // the same alias again: an update, not a second row
      expect((await call('PUT', `/admin/gazetteer/aliases/${encodeURIComponent(short)}`, { target: market.name }, admin)).status).toBe(200)

      expect((await call('DELETE', `/admin/gazetteer/aliases/${encodeURIComponent(short)}`, undefined, admin)).status).toBe(200)
      expect((await tryAddress(admin, address)).placed).toBe(false)
      expect((await call('DELETE', `/admin/gazetteer/aliases/${encodeURIComponent(short)}`, undefined, admin)).status).toBe(404)
    } finally {
      // A failure above must not leave the alias for the locator's test, which adds the same one.
      await (await testDb()).query('DELETE FROM gazetteer_aliases WHERE alias = $1', [short])
    }
  })

  it('refuses aliases of unknown names, aliases that are names already, and one-character aliases', async () => {
    const admin = await as('admin')
    const before = (await call('GET', '/admin/gazetteer', undefined, admin)).body.aliases
    const bad = [
      [`/admin/gazetteer/aliases/${encodeURIComponent('无此地别名')}`, { target: '不存在的地方' }, 404],
      [`/admin/gazetteer/aliases/${encodeURIComponent('劳动路')}`, { target: '新雨路' }, 409],
      [`/admin/gazetteer/aliases/${encodeURIComponent('劳')}`, { target: '劳动路' }, 400],
    ] as const
    for (const [path, body, status] of bad) {
      const r = await call('PUT', path, body, admin)
      expect(r.status, path).toBe(status)
      expect(r.body.error.message, path).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await call('PUT', `/admin/gazetteer/aliases/${encodeURIComponent('某别名')}`, { target: '劳动路', extra: 1 }, admin)).status).toBe(400)
    expect((await call('GET', '/admin/gazetteer', undefined, admin)).body.aliases).toEqual(before)
  })

  it('a 门牌 range places numbers evenly along the road, odd from one end and even from the other', async () => {
    const admin = await as('admin')
    const length = turf.length(turf.lineString(line()), { units: 'meters' })
    const odd = { road: ROAD, first_no: 1, last_no: 41, parity: 'odd' as const, reversed: false }
    const even = { road: ROAD, first_no: 2, last_no: 42, parity: 'even' as const, reversed: true }
    const ids: number[] = []
    try {
      for (const r of [odd, even]) {
        const made = await call('POST', '/admin/gazetteer/ranges', r, admin)
        expect(made.status).toBe(201)
        ids.push(made.body.id)
      }
      for (const [range, no] of [
        [odd, 1],
        [odd, 21],
        [odd, 41],
        [even, 2],
        [even, 30],
      ] as const) {
        const got = await tryAddress(admin, `${ROAD}${no}号门口`)
        expect(got.placed, `${no}号`).toBe(true)
        expect(metres([got.located.lon, got.located.lat], housePosition(line(), range, no)), `${no}号`).toBeLessThan(1)
      }
      // odd 1 is the road's first vertex, even 2 its last: the two ends, a road's length apart
      const one = await tryAddress(admin, `${ROAD}1号`)
      const two = await tryAddress(admin, `${ROAD}2号`)
      expect(metres([one.located.lon, one.located.lat], [two.located.lon, two.located.lat])).toBeCloseTo(length, -1)
      // beyond the ranges: the road alone, not placed
      expect((await tryAddress(admin, `${ROAD}99号`)).placed).toBe(false)
      const listed = (await call('GET', '/admin/gazetteer', undefined, admin)).body.ranges.filter((r: Json) => ids.includes(Number(r.id)))
      expect(listed.map((r: Json) => [r.first_no, r.last_no, r.parity])).toEqual([
        [1, 41, 'odd'],
        [2, 42, 'even'],
      ])
      expect(Math.abs(listed[0].length_m - length)).toBeLessThan(2)
    } finally {
      for (const id of ids) expect((await call('DELETE', `/admin/gazetteer/ranges/${id}`, undefined, admin)).status).toBe(200)
    }
    expect((await tryAddress(admin, `${ROAD}21号`)).placed).toBe(false)
  })

  it('refuses ranges that run backwards, break their parity, overlap, or name no road', async () => {
    const admin = await as('admin')
    const made = await call('POST', '/admin/gazetteer/ranges', { road: ROAD, first_no: 501, last_no: 599, parity: 'odd' }, admin)
    expect(made.status).toBe(201)
    try {
      const before = (await call('GET', '/admin/gazetteer', undefined, admin)).body.ranges
      const bad = [
        [{ road: ROAD, first_no: 700, last_no: 600 }, 400],
        [{ road: ROAD, first_no: 700, last_no: 799, parity: 'even' }, 400],
        [{ road: ROAD, first_no: 551, last_no: 651, parity: 'odd' }, 409],
        [{ road: ROAD, first_no: 580, last_no: 620 }, 409],
        [{ road: '没有这条路', first_no: 1, last_no: 9 }, 404],
        [{ road: ROAD, first_no: 0, last_no: 9 }, 400],
      ] as const
      for (const [body, status] of bad) {
        const r = await call('POST', '/admin/gazetteer/ranges', body, admin)
        expect(r.status, JSON.stringify(body)).toBe(status)
        expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
      }
      expect((await call('GET', '/admin/gazetteer', undefined, admin)).body.ranges).toEqual(before)
      // the other side of the same numbers is no overlap
      const evenSide = await call('POST', '/admin/gazetteer/ranges', { road: ROAD, first_no: 502, last_no: 598, parity: 'even' }, admin)
      expect(evenSide.status).toBe(201)
      expect((await call('DELETE', `/admin/gazetteer/ranges/${evenSide.body.id}`, undefined, admin)).status).toBe(200)
    } finally {
      expect((await call('DELETE', `/admin/gazetteer/ranges/${made.body.id}`, undefined, admin)).status).toBe(200)
    }
    expect((await call('DELETE', `/admin/gazetteer/ranges/${made.body.id}`, undefined, admin)).status).toBe(404)
  })
})
