/**
 * The ledgers read back with exceljs (the library, not our writer) and compared with the API's own
 * JSON: the same rows, the same scope, dates as Excel dates in the street's wall-clock time.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { answers, checklistOf, pointOf } from '../inspections/test-helpers.ts'
import { STATUS_ZH, type Status } from '../issues/states.ts'

async function fetchRaw(path: string, cookie?: string) {
  const app = await testApp()
  return app.request(path, { headers: cookie ? { cookie } : {} })
}

async function workbook(path: string, cookie?: string) {
  const res = await fetchRaw(path, cookie)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('spreadsheetml')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(await res.arrayBuffer())
  const ws = wb.worksheets[0]
  const rows: unknown[][] = []
  ws.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)))
  return { ws, rows }
}

async function json(path: string, cookie?: string): Promise<Json> {
  const res = await fetchRaw(path, cookie)
  expect(res.status).toBe(200)
  return (await res.json()) as Json
}

/** Every issue of a filtered list, walking its cursor. */
async function allIssues(query: string, cookie?: string): Promise<Json[]> {
  const out: Json[] = []
  let cursor: string | null = null
  do {
    const body = await json(`/api/v1/issues?limit=5000${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, cookie)
    out.push(...(body.features as Json[]))
    cursor = body.meta.next_cursor as string | null
  } while (cursor)
  return out
}

/** An ISO time with an offset as the wall-clock fields Excel should hold (a Date whose UTC fields are those). */
function wallClock(iso: string): number {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), +iso.slice(11, 13), +iso.slice(14, 16), +iso.slice(17, 19))
}

describe('GET /api/v1/ledgers/points.xlsx', () => {
  it('holds the 83 points of the layer, with contacts for staff, frozen header, title row', async () => {
    const cookie = await cookieOf('leader')
    const layer = await json('/api/v1/layers/points', cookie)
    const { ws, rows } = await workbook('/api/v1/ledgers/points.xlsx', cookie)
    expect(String(rows[0][0])).toContain('东塘街道')
    expect(String(rows[0][0])).toContain('实地点位台账')
    expect(rows[1]).toEqual(['编号', '名称', '类别', '社区', '网格', '地址', '联系人', '电话', '最近测评', '测评时间'])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    const body = rows.slice(2)
    expect(body).toHaveLength(83)
    const byCode = new Map(body.map((r) => [r[0], r]))
    for (const f of layer.features as Json[]) {
      const r = byCode.get(f.properties.code)!
      expect(r[1]).toBe(f.properties.name)
      expect(r[2]).toBe(f.properties.class_name)
      expect(r[6] ?? null).toBe(f.properties.contact_name ?? null)
      expect(r[7] ?? null).toBe(f.properties.contact_phone ?? null)
    }
  })

  it("carries a point's latest 测评 score and time as GET /inspections reads them", async () => {
    // Two inspections of one point (after 2026-11-01, outside the engine comparison's window): the later one counts.
    // In 2026-W47 after 11-18: weekly.test computes W45 and W46 from its own inspections alone, and
    // campaigns.test counts the area's inspections of 11-16 and 11-17; test files share the database.
    const point = await pointOf('bus_stop', 1)
    const list = await checklistOf('bus_stop')
    const first = list.items[0].code as string
    const inspector = await cookieOf('inspector')
    const a = await send(
      'POST',
      '/api/v1/inspections',
      { point_code: point.code, items: await answers(list), at: '2026-11-19T09:00:00+08:00' },
      inspector,
    )
    const b = await send(
      'POST',
      '/api/v1/inspections',
      { point_code: point.code, items: await answers(list, [first], '测试'), at: '2026-11-19T10:30:00+08:00' },
      inspector,
    )
    expect([a.status, b.status]).toEqual([201, 201])
    const cookie = await cookieOf('leader')
    const latest = await json('/api/v1/inspections?latest=true&limit=1000', cookie)
    const { rows } = await workbook('/api/v1/ledgers/points.xlsx', cookie)
    const byCode = new Map(rows.slice(2).map((r) => [r[0], r]))
    const mine = (latest.inspections as Json[]).find((i) => i.point_code === point.code)!
    expect(mine.score).toBe(b.body.score)
    for (const i of latest.inspections as Json[]) {
      const r = byCode.get(i.point_code)!
      expect(r[8]).toBe(i.score)
      expect((r[9] as Date).getTime()).toBe(wallClock(i.at as string))
    }
    const never = rows.slice(2).filter((r) => !(latest.inspections as Json[]).some((i) => i.point_code === r[0]))
    expect(never.every((r) => r[8] === undefined || r[8] === null)).toBe(true)
  })

  it('leaves out contacts for an anonymous reader', async () => {
    const { rows } = await workbook('/api/v1/ledgers/points.xlsx')
    expect(rows[1]).toEqual(['编号', '名称', '类别', '社区', '网格', '地址'])
    expect(rows.slice(2).every((r) => r.length <= 6 && (r[5] === undefined || r[5] === null))).toBe(true)
  })

  it("holds only a grid manager's own grids", async () => {
    const cookie = await cookieOf('grid01')
    const layer = await json('/api/v1/layers/points', cookie)
    const { rows } = await workbook('/api/v1/ledgers/points.xlsx', cookie)
    expect(layer.features.length).toBeLessThan(83)
    expect(
      rows
        .slice(2)
        .map((r) => r[0])
        .sort(),
    ).toEqual((layer.features as Json[]).map((f) => f.properties.code).sort())
  })
})

describe('GET /api/v1/ledgers/issues.xlsx', () => {
  it('holds the filtered issues of the JSON list, in order, dates as Excel dates', async () => {
    const cookie = await cookieOf('leader')
    const q = '&from=2025-01-01&to=2026-01-01&category=bike_parking,clutter'
    const list = await allIssues(q, cookie)
    expect(list.length).toBeGreaterThan(0)
    const { ws, rows } = await workbook(`/api/v1/ledgers/issues.xlsx?${q.slice(1)}`, cookie)
    expect(String(rows[0][0])).toContain('问题整改台账')
    expect(rows[1]).toEqual([
      '序号', '编号', '问题类别', '问题描述', '地点', '社区', '网格', '责任整治组',
      '交办时间', '整改时限', '状态', '整改情况', '销号时间', '是否超期', '通知单号',
    ]) // prettier-ignore
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    const body = rows.slice(2)
    expect(body).toHaveLength(list.length)
    body.forEach((r, k) => {
      const p = list[k].properties
      expect(r[0]).toBe(k + 1)
      expect(r[1]).toBe(p.id)
      expect(r[2]).toBe(p.category_name)
      expect(r[3]).toBe(p.description)
      expect(r[8]).toBeInstanceOf(Date)
      expect((r[8] as Date).getTime()).toBe(wallClock(p.reported_at))
      if (p.deadline) expect((r[9] as Date).getTime()).toBe(wallClock(p.deadline))
      if (p.closed_at) expect((r[12] as Date).getTime()).toBe(wallClock(p.closed_at))
      else expect(r[12] ?? null).toBeNull()
      expect(r[10]).toBe(STATUS_ZH[p.status as Status])
      if (p.overdue) expect(r[13]).toBe('是')
      expect(r[14] ?? null).toBe(p.notice_no)
    })
  })

  it("holds only a grid manager's grids", async () => {
    const cookie = await cookieOf('grid01')
    const q = '&from=2025-01-01&to=2026-01-01'
    const list = await allIssues(q, cookie)
    const everyone = await allIssues(q, await cookieOf('leader'))
    expect(list.length).toBeGreaterThan(0)
    expect(list.length).toBeLessThan(everyone.length)
    const { rows } = await workbook(`/api/v1/ledgers/issues.xlsx?${q.slice(1)}`, cookie)
    expect(rows.slice(2).map((r) => r[1])).toEqual(list.map((f) => f.properties.id))
  })

  it('refuses a bad filter with 400 before writing anything', async () => {
    const res = await fetchRaw('/api/v1/ledgers/issues.xlsx?status=nope', await cookieOf('leader'))
    expect(res.status).toBe(400)
  })
})
