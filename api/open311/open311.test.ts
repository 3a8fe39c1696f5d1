/**
 * Open311 GeoReport v2, tested from the specification's own examples: the field names of GET
 * services, POST requests (form-encoded, api_key) and GET requests, errors as [{ code, description }]
 * (the spec's "403 Invalid api_key" example), XML read back with a parser, filters checked against
 * plain SQL over the issues.
 */
import { XMLParser } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, type Json } from '../issues/test-helpers.ts'

const V2 = '/open311/v2'
let key = ''
let kioskKey = ''
let street = ''

async function get(path: string): Promise<{ status: number; body: Json; text: string; type: string }> {
  const app = await testApp()
  const res = await app.request(path)
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, text, type, body: type.includes('json') ? (JSON.parse(text) as Json) : {} }
}

async function post(form: Record<string, string | number>, ext = 'json') {
  const app = await testApp()
  const res = await app.request(`${V2}/requests.${ext}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])).toString(),
  })
  const text = await res.text()
  return { status: res.status, text, body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Json) : {} }
}

const xml = (text: string) => new XMLParser().parse(text) as Json

beforeAll(async () => {
  const admin = await cookieOf('admin')
  key = (await send('POST', '/api/v1/auth/tokens', { name: `open311-${Date.now()}`, role: 'inspector' }, admin)).body.token
  kioskKey = (await send('POST', '/api/v1/auth/tokens', { name: `open311-kiosk-${Date.now()}`, role: 'kiosk' }, admin)).body.token
  const db = await testDb()
  street = (await db.query<{ code: string }>('SELECT code FROM streets LIMIT 1'))[0].code
})

describe('Open311 GeoReport v2', () => {
  it('GET services.json / .xml: every category, with the spec field names', async () => {
    const db = await testDb()
    const codes = (await db.query<{ code: string }>('SELECT code FROM categories ORDER BY code')).map((r) => r.code)
    const r = await get(`${V2}/services.json?jurisdiction_id=${street}`)
    expect(r.status).toBe(200)
    expect(r.body.map((s: Json) => s.service_code).sort()).toEqual(codes)
    for (const s of r.body as Json[])
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'])
    expect(r.body.find((s: Json) => s.service_code === 'street_vending')).toMatchObject({
      service_name: '占道经营',
      metadata: false,
      type: 'realtime',
    })
    const x = await get(`${V2}/services.xml`)
    expect(x.type).toContain('xml')
    expect(x.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    expect(
      xml(x.text)
        .services.service.map((s: Json) => s.service_code)
        .sort(),
    ).toEqual(codes)
  })

  it('GET services/{code}.json: the definition; an unknown code is the spec error 404', async () => {
    expect((await get(`${V2}/services/clutter.json`)).body).toEqual({ service_code: 'clutter', attributes: [] })
    expect(xml((await get(`${V2}/services/clutter.xml`)).text).service_definition.service_code).toBe('clutter')
    const r = await get(`${V2}/services/nothing.json`)
    expect(r.status).toBe(404)
    expect(r.body).toEqual([{ code: 404, description: expect.any(String) }])
  })

  it('POST requests.json (form-encoded, api_key) makes an ordinary issue with source open311; GET requests/{id} and tokens/{id} find it', async () => {
    const [lon, lat] = await pointInside(2)
    const r = await post({
      api_key: key,
      jurisdiction_id: street,
      service_code: 'clutter',
      lat,
      long: lon,
      description: '楼道口堆放杂物',
      email: 'x@example.org',
    })
    expect(r.status).toBe(201)
    expect(r.body).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/), service_notice: expect.any(String), account_id: null }])
    const id = r.body[0].service_request_id
    const issue = await send('GET', `/api/v1/issues/${id}`, undefined, await cookieOf('leader'))
    expect(issue.body.properties).toMatchObject({ source: 'open311', category: 'clutter', description: '楼道口堆放杂物', status: 'reported' })
    const one = await get(`${V2}/requests/${id}.json`)
    expect(one.body).toHaveLength(1)
    expect(Object.keys(one.body[0]).sort()).toEqual(
      [
        'address',
        'address_id',
        'agency_responsible',
        'description',
        'expected_datetime',
        'lat',
        'long',
        'media_url',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_notice',
        'service_request_id',
        'status',
        'status_notes',
        'updated_datetime',
        'zipcode',
      ].sort(),
    )
    expect(one.body[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'clutter' })
    expect(one.body[0].lat).toBeCloseTo(lat, 9)
    expect(one.body[0].long).toBeCloseTo(lon, 9)
    expect(String(xml((await get(`${V2}/requests/${id}.xml`)).text).service_requests.request.service_request_id)).toBe(id)
    expect((await get(`${V2}/tokens/${id}.json`)).body).toEqual([{ service_request_id: id, token: id }])
    const xr = await post({ api_key: key, service_code: 'clutter', lat, long: lon, description: 'XML 回答' }, 'xml')
    expect(xr.status).toBe(201)
    expect(String(xml(xr.text).service_requests.request.service_request_id)).toMatch(/^\d+$/)
  })

  it('POST errors as the spec shows them: invalid api_key 403, a key that may not file 403, no service_code 400, outside the street 422', async () => {
    const [lon, lat] = await pointInside(0)
    const db = await testDb()
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues'))[0].n
    const bad = await post({ api_key: 'not-a-key', service_code: 'clutter', lat, long: lon })
    expect(bad.status).toBe(403)
    expect(bad.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }])
    expect((await post({ api_key: kioskKey, service_code: 'clutter', lat, long: lon })).status).toBe(403)
    const none = await post({ api_key: key, lat, long: lon })
    expect(none.status).toBe(400)
    expect(none.body[0].code).toBe(400)
    expect((await post({ api_key: key, service_code: 'clutter', lat: 39.9, long: 116.4 })).status).toBe(422)
    const x = await post({ api_key: 'not-a-key', service_code: 'clutter', lat, long: lon }, 'xml')
    expect(xml(x.text).errors.error.code).toBe(403)
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues'))[0].n).toBe(before)
  })

  it('GET requests.json filters (service_code, start_date, end_date, status, service_request_id) agree with plain SQL', async () => {
    const from = '2026-06-01T00:00:00+08:00'
    const to = '2026-06-08T00:00:00+08:00'
    const db = await testDb()
    const expected = await db.query<{ id: string; open: boolean }>(
      `SELECT id::text, is_open(status) AS open FROM issues
       WHERE category_code = 'clutter' AND reported_at >= $1 AND reported_at <= $2 ORDER BY id`,
      [from, to],
    )
    expect(expected.length).toBeGreaterThan(0)
    const q = `service_code=clutter&start_date=${encodeURIComponent(from)}&end_date=${encodeURIComponent(to)}`
    const all = await get(`${V2}/requests.json?${q}`)
    expect(all.body.map((r: Json) => r.service_request_id).sort()).toEqual(expected.map((e) => e.id).sort())
    const closed = await get(`${V2}/requests.json?${q}&status=closed`)
    expect(closed.body.map((r: Json) => r.service_request_id).sort()).toEqual(
      expected
        .filter((e) => !e.open)
        .map((e) => e.id)
        .sort(),
    )
    const two = expected.slice(0, 2).map((e) => e.id)
    const byIds = await get(`${V2}/requests.json?service_request_id=${two.join(',')}`)
    expect(byIds.body.map((r: Json) => r.service_request_id).sort()).toEqual(two.sort())
    const wrong = await get(`${V2}/requests.json?jurisdiction_id=999999999`)
    expect(wrong.status).toBe(404)
    expect(wrong.body[0].code).toBe(404)
    expect((await get(`${V2}/requests.json?status=pending`)).body[0].code).toBe(400)
  })
})
