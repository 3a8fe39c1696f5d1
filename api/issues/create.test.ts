import * as turf from '@turf/turf'
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { containing, type Areas } from '../../db/testing/geo.ts'
import { pointInside, report, send, step } from './test-helpers.ts'

async function issueCount(): Promise<number> {
  const db = await testDb()
  const [{ n }] = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM issues)::int + (SELECT count(*) FROM issue_events)::int AS n')
  return n
}

describe('POST /api/v1/issues', () => {
  it('assigns the grid by location (checked with Turf), the group, the deadline, and records the source', async () => {
    const [lon, lat] = await pointInside(3)
    const { status, body } = await send('POST', '/api/v1/issues', {
      lon,
      lat,
      category: 'exposed_garbage',
      description: '路边暴露垃圾',
      source: 'hotline_12345',
      reported_at: '2026-11-13T17:00:00+08:00',
    })
    expect(status).toBe(201)
    const grids = (await getJson<Areas>('/api/v1/layers/grids')).body
    expect(body.properties.grid_code).toBe(containing([lon, lat], grids)[0])
    expect(body.properties.community_code).toBe(body.properties.grid_code.slice(0, 12))
    expect(body.properties.group).toBe('G02')
    expect(body.properties.source).toBe('hotline_12345')
    expect(body.properties.source_crs).toBe('wgs84')
    // 4 working hours from Friday 17:00: 0.5 h on Friday, 3.5 h on Monday morning
    expect(body.properties.deadline).toBe('2026-11-16T12:00:00+08:00')
    expect(body.geometry.coordinates[0]).toBeCloseTo(lon, 9)
  })

  it('takes the responsible group from the rule table (category × community) before the default', async () => {
    const db = await testDb()
    const [lon, lat] = await pointInside(0)
    const [{ community_code }] = await db.query<{ community_code: string }>(
      'SELECT community_code FROM locate_grid((SELECT id FROM streets LIMIT 1), ST_SetSRID(ST_MakePoint($1, $2), 4326))',
      [lon, lat],
    )
    await db.query(
      "INSERT INTO group_rules (street_id, category_code, community_code, group_code) VALUES ((SELECT id FROM streets LIMIT 1), 'clutter', $1, 'G11')",
      [community_code],
    )
    try {
      expect((await report({}, 0)).body.properties.group).toBe('G11')
      expect((await report({ category: 'noise' }, 0)).body.properties.group).toBe('G08')
    } finally {
      // Only its own rule: other test files' rules of the shared database stay.
      await db.query(
        "DELETE FROM group_rules WHERE street_id = (SELECT id FROM streets LIMIT 1) AND category_code = 'clutter' AND community_code = $1 AND group_code = 'G11'",
        [community_code],
      )
    }
    expect((await report({}, 0)).body.properties.group).toBe('G05')
  })

  for (const crs of ['gcj02', 'bd09'] as const) {
    it(`a ${crs} input lands within 1 m of its WGS84 twin (gcoord forward, Turf distance)`, async () => {
      const wgs = await pointInside(5)
      const shifted = gcoord.transform(wgs as [number, number], gcoord.WGS84, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09) as [number, number]
      expect(turf.distance(wgs, shifted, { units: 'meters' })).toBeGreaterThan(100) // the offset is real
      const { status, body } = await send('POST', '/api/v1/issues', { lon: shifted[0], lat: shifted[1], crs, category: 'clutter', description: crs })
      expect(status).toBe(201)
      expect(turf.distance(wgs, body.geometry.coordinates, { units: 'meters' })).toBeLessThan(1)
      expect(body.properties.source_crs).toBe(crs)
      expect(body.properties.source_lon).toBe(shifted[0])
      expect(body.properties.source_lat).toBe(shifted[1])
    })
  }

  it('answers 422 outside_street or unknown_category and 400 for malformed input, writing nothing', async () => {
    const before = await issueCount()
    const outside = await send('POST', '/api/v1/issues', { lon: 113.2, lat: 28.3, category: 'clutter', description: 'x' })
    expect(outside.status).toBe(422)
    expect(outside.body.error.code).toBe('outside_street')
    const [lon, lat] = await pointInside()
    const unknown = await send('POST', '/api/v1/issues', { lon, lat, category: 'ufo', description: 'x' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.code).toBe('unknown_category')
    for (const bad of [
      { lat, category: 'clutter', description: 'x' },
      { lon: 'east', lat, category: 'clutter', description: 'x' },
      { lon, lat, category: 'clutter', description: '' },
      { lon, lat, category: 'clutter', description: 'x', crs: 'mars' },
      { lon, lat, category: 'clutter', description: 'x', source: 'rumour' },
      { lon, lat, category: 'clutter', description: 'x', extra: 1 },
    ]) {
      const r = await send('POST', '/api/v1/issues', bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
    }
    expect((await send('POST', '/api/v1/issues', '{"lon": 1,')).status).toBe(400)
    // a well-formed date outside the plausible window is not malformed but not acceptable (dates.test.ts)
    const future = await send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: 'x', reported_at: '2027-01-01T00:00:00+08:00' })
    expect(future.status).toBe(422)
    expect(future.body.error.code).toBe('date_out_of_range')
    expect(await issueCount()).toBe(before)
  })
})

describe('duplicates and merge', () => {
  it('suggests an open issue of the same category within 50 m, and merging it is an event on both', async () => {
    const [lon, lat] = await pointInside(7)
    const first = (await send('POST', '/api/v1/issues', { lon, lat, category: 'flyposting', description: '小广告' })).body
    const near = turf.destination([lon, lat], 20, 90, { units: 'meters' }).geometry.coordinates
    const far = turf.destination([lon, lat], 80, 0, { units: 'meters' }).geometry.coordinates
    const second = (await send('POST', '/api/v1/issues', { lon: near[0], lat: near[1], category: 'flyposting', description: '同一处小广告' })).body
    const dup = second.properties.possible_duplicates.find((d: { id: number }) => d.id === first.id)
    expect(dup).toBeDefined()
    expect(Math.abs(dup.distance_m - 20)).toBeLessThan(0.5)
    const other = (await send('POST', '/api/v1/issues', { lon: far[0], lat: far[1], category: 'flyposting', description: '远处' })).body
    expect(other.properties.possible_duplicates.map((d: { id: number }) => d.id)).not.toContain(first.id)
    const differentCategory = (await send('POST', '/api/v1/issues', { lon: near[0], lat: near[1], category: 'noise', description: '噪音' })).body
    expect(differentCategory.properties.possible_duplicates.map((d: { id: number }) => d.id)).not.toContain(first.id)
    const listed = await send('GET', `/api/v1/issues/${first.id}/duplicates`)
    expect(listed.body.duplicates.map((d: { id: number }) => d.id)).toContain(second.id)

    expect((await step(second.id, { action: 'merge' })).status).toBe(422)
    const merged = await step(second.id, { action: 'merge', target_id: first.id, note: '重复上报' })
    expect(merged.status).toBe(200)
    expect(merged.body.properties.status).toBe('closed')
    expect(merged.body.properties.merged_into).toBe(first.id)
    expect(merged.body.properties.events.at(-1)).toMatchObject({ action: 'merge', from: 'reported', to: 'closed', data: { target_id: first.id } })
    const target = await send('GET', `/api/v1/issues/${first.id}`)
    expect(target.body.properties.events.at(-1)).toMatchObject({ action: 'merged', data: { source_id: second.id } })
    expect(target.body.properties.status).toBe('reported')
    expect((await step(other.id, { action: 'merge', target_id: second.id })).body.error.code).toBe('invalid_merge_target')
  })
})
