/**
 * The 12345 bridge: a `hotline` token files orders (idempotent by 工单号, the order's deadline kept,
 * located from coordinates or from the address against the street's gazetteer) and may do nothing
 * else; orders the locator cannot place wait in the 待定位 queue until staff place them.
 */
import * as turf from '@turf/turf'
import gcoord from 'gcoord'
import { beforeAll, describe, expect, it } from 'vitest'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, type Json } from '../issues/test-helpers.ts'
import { POLICY } from '../auth/policy.ts'
import { HOTLINE_MAY } from '../auth/gate.ts'

let token = ''
const data = dongtang()

async function asBridge(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, body: type.includes('json') ? ((await res.json()) as Json) : {} }
}

const caseNo = () => `12345-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
const order = (extra: Json) => ({ case_no: caseNo(), reported_at: '2026-11-19T09:12:00+08:00', description: '市民反映占道经营', ...extra })

/** Metres between an issue and a lon/lat, by turf (not by the database). */
async function metresFrom(id: number, lonlat: [number, number]): Promise<number> {
  const db = await testDb()
  const [r] = await db.query<{ lon: number; lat: number }>('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE id = $1', [id])
  return turf.distance([r.lon, r.lat], lonlat, { units: 'meters' })
}

beforeAll(async () => {
  const made = await send('POST', '/api/v1/auth/tokens', { name: `bridge-${Date.now()}`, role: 'hotline' }, await cookieOf('admin'))
  expect(made.status).toBe(201)
  token = made.body.token
})

describe('POST /api/v1/hotline/cases', () => {
  it('201 the first time, 200 with the same issue after; the order’s deadline, source and 工单号 on the issue', async () => {
    const [lon, lat] = await pointInside(0)
    const body = order({ category_text: '占道经营', lon, lat, deadline: '2026-11-21T17:30:00+08:00' })
    const first = await asBridge('POST', '/api/v1/hotline/cases', body)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ case_no: body.case_no, located: true })
    const again = await asBridge('POST', '/api/v1/hotline/cases', body)
    expect(again.status).toBe(200)
    expect(again.body.issue_id).toBe(first.body.issue_id)
    const issue = await send('GET', `/api/v1/issues/${first.body.issue_id}`, undefined, await cookieOf('leader'))
    expect(issue.body.properties).toMatchObject({
      case_no: body.case_no,
      source: 'hotline_12345',
      category: 'street_vending',
      deadline: '2026-11-21T17:30:00+08:00',
      reported_at: '2026-11-19T09:12:00+08:00',
    })
  })

  it('a GCJ-02 (高德) coordinate is converted and placed directly', async () => {
    const [lon, lat] = await pointInside(4)
    const [gx, gy] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const r = await asBridge('POST', '/api/v1/hotline/cases', order({ category: 'clutter', lon: gx, lat: gy, crs: 'gcj02' }))
    expect(r.status).toBe(201)
    expect(await metresFrom(r.body.issue_id, [lon, lat])).toBeLessThan(1)
  })

  it('without coordinates: an intersection with a distance and direction, and a named place, are located', async () => {
    const road = (name: string) => data.roads.find((x) => x.name === name)!.geom
    const cross = turf.lineIntersect(road('新雨路'), road('枫树山路')).features[0].geometry.coordinates as [number, number]
    const north = turf.destination(cross, 50, 0, { units: 'meters' }).geometry.coordinates as [number, number]
    const a = await asBridge(
      'POST',
      '/api/v1/hotline/cases',
      order({ category: 'street_vending', address: '东塘街道新雨路与枫树山路交叉口往北50米' }),
    )
    expect(a.status).toBe(201)
    expect(a.body.located).toBe(true)
    expect(await metresFrom(a.body.issue_id, north)).toBeLessThan(5)

    const centre = data.points.find((p) => p.name === '浦沅社区党群服务中心')!.lonlat
    const b = await asBridge('POST', '/api/v1/hotline/cases', order({ category: 'clutter', address: '浦沅社区党群服务中心门口' }))
    expect(b.body.located).toBe(true)
    expect(await metresFrom(b.body.issue_id, centre)).toBeLessThan(1)
  })

  it('an address the locator cannot place waits in the 待定位 queue; staff place it and it joins the loop', async () => {
    const body = order({ category: 'clutter', address: '东塘街道新雨路' })
    const r = await asBridge('POST', '/api/v1/hotline/cases', body)
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ issue_id: null, located: false })
    const leader = await cookieOf('leader')
    const queue = await send('GET', '/api/v1/hotline/unlocated', undefined, leader)
    expect(queue.status).toBe(200)
    const mine = queue.body.cases.find((x: Json) => x.case_no === body.case_no)
    expect(mine).toMatchObject({ address: '东塘街道新雨路', category: 'clutter', reported_at: '2026-11-19T09:12:00+08:00' })
    expect(mine.guess.confidence).toBeLessThan(0.6)

    const [lon, lat] = await pointInside(5)
    const placed = await send('POST', `/api/v1/hotline/cases/${body.case_no}/place`, { lon, lat }, leader)
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ case_no: body.case_no, located: true })
    expect(await metresFrom(placed.body.issue_id, [lon, lat])).toBeLessThan(0.01)
    const issue = await send('GET', `/api/v1/issues/${placed.body.issue_id}`, undefined, leader)
    expect(issue.body.properties.status).toBe('reported')
    expect(issue.body.properties.events[0].data.placed_by).toBe('leader')
    // the loop goes on from here: the leader assigns it
    expect((await send('POST', `/api/v1/issues/${placed.body.issue_id}/transitions`, { action: 'assign' }, leader)).status).toBe(200)
    const app = await testApp()
    const notice = await app.request(`/api/v1/issues/${placed.body.issue_id}/notice`, { headers: { cookie: leader } })
    expect(notice.status).toBe(200)
    expect(await notice.text()).toContain(`工单号 ${body.case_no}`)

    const queue2 = await send('GET', '/api/v1/hotline/unlocated', undefined, leader)
    expect(queue2.body.cases.some((x: Json) => x.case_no === body.case_no)).toBe(false)
    expect((await send('POST', `/api/v1/hotline/cases/${body.case_no}/place`, { lon, lat }, leader)).status).toBe(409)
    const resend = await asBridge('POST', '/api/v1/hotline/cases', body)
    expect(resend).toMatchObject({ status: 200, body: { issue_id: placed.body.issue_id, located: true } })
  })

  it('refuses what it cannot take: half a coordinate (400), an unknown category (422); nothing is kept', async () => {
    const half = order({ category: 'clutter', lon: 113 })
    expect((await asBridge('POST', '/api/v1/hotline/cases', half)).status).toBe(400)
    const unknown = order({ category_text: '宠物走失', description: '小狗走丢了', address: '浦沅社区党群服务中心' })
    const r = await asBridge('POST', '/api/v1/hotline/cases', unknown)
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('unknown_category')
    const db = await testDb()
    expect(await db.query('SELECT 1 FROM hotline_cases WHERE case_no = $1', [unknown.case_no])).toEqual([])
  })

  it('a hotline token may do nothing else: 403 on every other endpoint of the matrix, public reads included', async () => {
    for (const rule of POLICY) {
      if (HOTLINE_MAY.includes(`${rule.method} ${rule.path}`)) continue
      const path = `/api/v1${rule.path.replace(/:[a-z_]+/g, '1')}`
      const r = await asBridge(rule.method, path, rule.method === 'GET' ? undefined : {})
      expect(r.status, `${rule.key}`).toBe(403)
    }
    expect((await asBridge('GET', '/ogc/collections')).status).toBe(403)
  })
})
