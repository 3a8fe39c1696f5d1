/**
 * The plausible window of dates (issue 24): a report dated 1900 was accepted and overdue at once, and
 * year 0001 was stored as another date. Every date input is parsed strictly and must lie between the
 * deployment's data start (DATA_SINCE, 2000-01-01 by default) and 2100; a report at most 5 minutes
 * (clock skew) ahead of the server. Out of the window → 422 `date_out_of_range`, nothing written.
 */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, send } from './test-helpers.ts'

const iso = (t: Date) => t.toISOString()
const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000)
const tag = '测试：日期窗口'

async function stored(): Promise<{ reported_at: Date }[]> {
  const db = await testDb()
  return db.query('SELECT reported_at FROM issues WHERE description = $1', [tag])
}

function refused(r: { status: number; body: { error?: { code: string; message: string } } }, field: string) {
  expect(r.status).toBe(422)
  expect(r.body.error!.code).toBe('date_out_of_range')
  expect(r.body.error!.message.startsWith(`${field}: `)).toBe(true)
  expect(r.body.error!.message).toMatch(/[\u4e00-\u9fff]/)
}

describe('reported_at: only a plausible window, never rewritten', () => {
  it('refuses 1900, year 0001, 1999-12-31 and more than 5 minutes ahead; stores nothing', async () => {
    for (const at of ['1900-01-01T09:00:00+08:00', '0001-01-01T00:00:00+08:00', '0001-01-01', '1999-12-31T23:59:59+08:00', iso(minutes(6))])
      refused(await report({ reported_at: at, description: tag }), 'reported_at')
    expect(await stored()).toEqual([])
  })

  it('accepts the data start itself and 4 minutes ahead, stored exactly as sent', async () => {
    for (const at of ['2000-01-01T00:00:00+08:00', iso(minutes(4))]) {
      const r = await report({ reported_at: at, description: tag })
      expect(r.status).toBe(201)
      expect(new Date(r.body.properties.reported_at).getTime()).toBe(new Date(at).getTime())
    }
    expect((await stored()).map((r) => r.reported_at.getTime()).sort((a, b) => a - b)).toEqual([
      Date.parse('2000-01-01T00:00:00+08:00'),
      minutes(4).getTime(),
    ])
  })

  it('honours DATA_SINCE: with 2026-01-01 a report of 2025-12-31 is refused', async () => {
    const app = await testApp({ DATA_SINCE: '2026-01-01' })
    const post = async (reported_at: string) => {
      const res = await app.request('/api/v1/issues', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: await cookieOf('inspector') },
        body: JSON.stringify({ lon: 0, lat: 0, category: 'clutter', description: tag, reported_at }),
      })
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } }
    }
    const early = await post('2025-12-31T23:59')
    refused(early, 'reported_at')
    expect(early.body.error!.message).toContain('2026-01-01')
    // in the window the date passes, and the report fails on the place instead (0,0 is outside the street)
    expect((await post('2026-01-01T00:00')).body.error!.code).toBe('outside_street')
  })
})

describe('every other date input is held to the same window', () => {
  it('list, statistics, indicators, analysis and audit filters refuse dates outside it with 422', async () => {
    const leader = await cookieOf('leader')
    const admin = await cookieOf('admin')
    refused(await send('GET', '/api/v1/issues?from=1900-01-01', undefined, leader), 'from')
    refused(await send('GET', '/api/v1/issues?from=0001-01-01', undefined, leader), 'from')
    refused(await send('GET', '/api/v1/issues?to=2101-01-01', undefined, leader), 'to')
    refused(await send('GET', '/api/v1/stats/summary?as_of=1999-12-31', undefined, leader), 'as_of')
    refused(await send('GET', '/api/v1/indicators?from=1969-12-31', undefined, leader), 'from')
    refused(await send('GET', '/api/v1/audit?from=1900-01-01', undefined, admin), 'from')
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [112.99, 28.17],
          [113.0, 28.17],
          [113.0, 28.18],
          [112.99, 28.18],
          [112.99, 28.17],
        ],
      ],
    }
    const compare = { before: { from: '1900-01-01', to: '2026-01-01' }, after: { from: '2026-01-01', to: '2026-11-01' } }
    refused(await send('POST', '/api/v1/analysis/area', { polygon: square, compare }, leader), 'compare.before.from')
  })

  it('malformed dates stay 400, and dates inside the window still filter', async () => {
    const leader = await cookieOf('leader')
    for (const q of ['from=2026-01-01T24:00', 'from=2026-02-30', 'to=2026-11-20T10:00%2B15:00'])
      expect((await send('GET', `/api/v1/issues?${q}&limit=1`, undefined, leader)).status, q).toBe(400)
    expect((await send('GET', '/api/v1/issues?from=2000-01-01&to=2100-12-31T23:59&limit=1', undefined, leader)).status).toBe(200)
  })
})
