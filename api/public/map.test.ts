/**
 * GET /public/map: off by default (404); when an admin turns it on, the accepted reports of the last
 * 30 days, roughly placed, with nothing personal — pending, rejected and older reports stay off it.
 */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, type Json } from '../issues/test-helpers.ts'
import { acceptedReport, reportId, submit } from './test-helpers.ts'

const tag = `公开地图-${Date.now()}`
const setMap = async (on: boolean) =>
  expect((await send('PUT', '/api/v1/moderation/settings', { enabled: true, public_map: on }, await cookieOf('admin'))).status).toBe(200)
const map = async () => {
  const res = await (await testApp()).request('/api/v1/public/map')
  const text = await res.text()
  return { status: res.status, body: JSON.parse(text) as Json, text }
}

describe('GET /public/map', () => {
  it('is 404 in Chinese while the street has not turned it on', async () => {
    await setMap(false)
    const r = await map()
    expect(r.status).toBe(404)
    expect(r.body.error.message).toContain('未开放')
  })

  it('shows accepted reports of the last 30 days, about where they are, and nothing personal', async () => {
    const [lon, lat] = await pointInside(5)
    // four reports at places no other test uses (odd offsets), kept apart after rounding to 0.0001°
    const at = (k: number) => ({ lon: lon + 0.00031 + k * 0.00023, lat: lat + 0.00017 })
    const phone = '13812345678'
    const shown = await acceptedReport({ ...at(0), description: `${tag} 已受理`, phone })
    const old = await acceptedReport({ ...at(1), description: `${tag} 已受理但已过 30 天` })
    const pending = await submit({ ...at(2), description: `${tag} 待审核` })
    expect(pending.status).toBe(201)
    const rejected = await submit({ ...at(3), description: `${tag} 不予受理` })
    const rid = await reportId(rejected.body.code)
    expect(
      (await send('POST', `/api/v1/moderation/reports/${rid}`, { action: 'reject', reason: 'insufficient' }, await cookieOf('leader'))).status,
    ).toBe(200)
    const db = await testDb()
    await db.query("UPDATE public_reports SET received_at = received_at - interval '31 days' WHERE id = $1", [old.id])
    const [category] = await db.query<{ name: string }>(
      'SELECT k.name FROM public_reports r JOIN categories k ON k.street_id = r.street_id AND k.code = r.category_code WHERE r.id = $1',
      [shown.id],
    )

    await setMap(true)
    const r = await map()
    expect(r.status).toBe(200)
    const near = (k: number) =>
      r.body.features.filter(
        (f: Json) => Math.abs(f.geometry.coordinates[0] - at(k).lon) <= 0.00005 && Math.abs(f.geometry.coordinates[1] - at(k).lat) <= 0.00005,
      )
    expect(near(0)).toHaveLength(1)
    expect(near(0)[0].properties).toEqual({ category: category.name, community: expect.any(String), status: 'reported', day: '2026-11-20' })
    // rounded to 0.0001°: no more precise than about 10 m
    for (const c of near(0)[0].geometry.coordinates) expect(Math.round(c * 10_000) / 10_000).toBe(c)
    for (const k of [1, 2, 3]) expect(near(k), `report ${k}`).toEqual([])
    // nothing personal anywhere in the answer
    for (const secret of [phone, tag, shown.code, pending.body.code]) expect(r.text).not.toContain(secret)
    for (const f of r.body.features) expect(Object.keys(f.properties).sort()).toEqual(['category', 'community', 'day', 'status'])
    await setMap(false)
  })
})
