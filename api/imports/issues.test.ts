/**
 * POST /imports/issues: a 问题整改台账 and a 12345 export written here by exceljs, CSV in GBK and
 * UTF-8 with BOM (the same orders, so the second changes nothing), all-or-nothing, idempotent by 编号.
 */
import gcoord from 'gcoord'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { pointInside } from '../issues/test-helpers.ts'
import { busFor, type BusMessage, type LiveMessage } from '../stream/bus.ts'
import { tag, upload, workbookOf } from './test-helpers.ts'

const URL = '/api/v1/imports/issues'

interface Stored {
  case_no: string
  category_code: string
  description: string
  source: string
  reported_at: Date
  deadline: Date
  lon: number
  lat: number
  status: string
  grid_code: string
  events: number
}

async function issuesOf(codes: string[]): Promise<Stored[]> {
  const db = await testDb()
  return db.query<Stored>(
    `SELECT case_no, category_code, description, source, reported_at, deadline, ST_X(geom) AS lon, ST_Y(geom) AS lat, status, grid_code,
            (SELECT count(*)::int FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id) AS events
     FROM issues i WHERE case_no = ANY($1) ORDER BY case_no`,
    [codes],
  )
}

/** Digits and the point as an office's full-width input method writes them (１１３．０). */
const fullWidth = (s: string) => s.replace(/[0-9.]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))

/** A wall-clock time in the street (UTC+8) as the instant it names. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h - 8, mi))

describe('POST /api/v1/imports/issues', () => {
  it('a 12345 export: dates as Excel dates, serial numbers and text; full-width digits; source 12345; deadline kept', async () => {
    const t = tag()
    const [lon, lat] = await pointInside(0)
    const [lon2, lat2] = await pointInside(2)
    const [bx, by] = gcoord.transform([lon2, lat2], gcoord.WGS84, gcoord.BD09) as [number, number]
    // an Excel serial number for 2026-11-10 14:30 (day 0 = 1899-12-30), computed here by hand
    const serial = (Date.UTC(2026, 10, 10, 14, 30) - Date.UTC(1899, 11, 30)) / 86_400_000
    const file = await workbookOf([
      ['工单号', '受理时间', '诉求类别', '诉求内容', '事发地址', '经度', '纬度', '坐标系', '办结时限'],
      [
        `H${t}1`,
        new Date(Date.UTC(2026, 10, 9, 9, 15)),
        '占道经营',
        '新雨路口有流动摊贩占道',
        '新雨路与枫树山路交叉口',
        lon,
        lat,
        '',
        '2026/11/12 17:30',
      ],
      [`H${t}2`, serial, '　乱堆乱放　', '楼道堆放杂物', '浦沅社区', String(bx), String(by), '百度', ''],
      [`Ｈ${t}３`, '2026年11月11日 8时05分', 'clutter', '门口堆放建材', '', fullWidth(String(lon)), lat, 'wgs84', '20261118'],
    ])
    const r = await upload(URL, file, '12345工单.xlsx', 'leader')
    expect(r.body).toEqual({ rows: 3, valid: 3, created: 3, updated: 0, errors: [] })
    const got = await issuesOf([`H${t}1`, `H${t}2`, `H${t}3`])
    expect(got.map((x) => x.case_no)).toEqual([`H${t}1`, `H${t}2`, `H${t}3`])
    expect(got.every((x) => x.source === 'hotline_12345' && x.status === 'reported' && x.events === 1)).toBe(true)
    expect(got[0].reported_at).toEqual(local(2026, 11, 9, 9, 15))
    expect(got[0].deadline).toEqual(local(2026, 11, 12, 17, 30))
    expect(got[0].category_code).toBe('street_vending')
    expect(got[1].reported_at).toEqual(local(2026, 11, 10, 14, 30))
    expect(got[1].category_code).toBe('clutter')
    expect(Math.abs(got[1].lon - lon2)).toBeLessThan(1e-5)
    expect(got[2].reported_at).toEqual(local(2026, 11, 11, 8, 5))
    expect(got[2].deadline).toEqual(local(2026, 11, 18))
    // without 办结时限 the category's limit counts from the report: 3 working days later, still after it
    expect(got[1].deadline.getTime()).toBeGreaterThan(got[1].reported_at.getTime() + 2 * 86_400_000)

    const again = await upload(URL, file, '12345工单.xlsx', 'leader')
    expect(again.body).toMatchObject({ created: 0, updated: 0, errors: [] })
    expect((await issuesOf([`H${t}1`]))[0].events).toBe(1)
  })

  it('CSV in GB18030 and the same orders in UTF-8 with BOM: the second import changes nothing; a changed row updates by 编号', async () => {
    const t = tag()
    const [lon, lat] = await pointInside(1)
    const lines = (desc: string) =>
      [
        '编号,问题类别,问题描述,上报时间,经度,纬度,来源',
        `C${t}1,暴露垃圾,"垃圾桶满溢，""无人清运""",2026-11-02 10:00,${lon},${lat},数字城管`,
        `C${t}2,噪音扰民,${desc},2026-11-03 21:40,${lon},${lat},群众`,
      ].join('\r\n') + '\r\n'
    const gbk = iconv.encode(lines('夜间施工噪音'), 'gb18030')
    const first = await upload(URL, new Uint8Array(gbk), '台账.csv', 'leader')
    expect(first.body).toEqual({ rows: 2, valid: 2, created: 2, updated: 0, errors: [] })
    const got = await issuesOf([`C${t}1`, `C${t}2`])
    expect(got[0].description).toBe('垃圾桶满溢，"无人清运"')
    expect(got[0].source).toBe('digital_city')
    expect(got[1].description).toBe('夜间施工噪音')
    expect(got[1].source).toBe('public')

    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(lines('夜间施工噪音'))])
    expect((await upload(URL, utf8, '台账.csv', 'leader')).body).toMatchObject({ created: 0, updated: 0, errors: [] })

    const changed = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(lines('夜间施工噪音扰民，已多次反映'))])
    expect((await upload(URL, changed, '台账.csv', 'leader')).body).toMatchObject({ created: 0, updated: 1, errors: [] })
    const after = await issuesOf([`C${t}2`])
    expect(after[0].description).toBe('夜间施工噪音扰民，已多次反映')
    expect(after[0].events).toBe(2)
  })

  it('an import reaches live clients: one 上报 message per new issue and one per updated row, none for a dry run', async () => {
    const t = tag()
    const [lon, lat] = await pointInside(2)
    const csv = (desc: string) =>
      new TextEncoder().encode(
        [
          '编号,问题类别,问题描述,上报时间,经度,纬度',
          `L${t}1,暴露垃圾,${desc},2026-11-05 09:00,${lon},${lat}`,
          `L${t}2,暴露垃圾,门前堆物,2026-11-05 09:10,${lon},${lat}`,
        ].join('\n'),
      )
    const heard: BusMessage[] = []
    const stop = busFor(await testDb()).subscribe((m) => heard.push(m))
    try {
      const db = await testDb()
      const idsOf = async () =>
        (await db.query<{ id: number }>('SELECT id FROM issues WHERE case_no = ANY($1)', [[`L${t}1`, `L${t}2`]])).map((r) => Number(r.id))
      const about = (ids: number[]) =>
        heard
          .filter((m): m is LiveMessage => m.event === 'issue')
          .filter((m) => ids.includes(Number((m.data as { issue_id: number }).issue_id)))
          .map((m) => m.data as { action: string })
      expect((await upload(`${URL}?dry_run=1`, csv('垃圾堆放'), '台账.csv', 'leader')).status).toBe(200)
      expect(heard.filter((m) => m.event === 'issue')).toHaveLength(0)
      expect((await upload(URL, csv('垃圾堆放'), '台账.csv', 'leader')).body).toMatchObject({ created: 2 })
      const ids = await idsOf()
      expect(ids).toHaveLength(2)
      expect(about(ids).map((d) => d.action)).toEqual(['report', 'report'])
      expect((await upload(URL, csv('垃圾堆放，已多次反映'), '台账.csv', 'leader')).body).toMatchObject({ updated: 1 })
      expect(about(ids).map((d) => d.action)).toEqual(['report', 'report', 'import_update'])
    } finally {
      stop()
    }
  })

  it('one bad row: 422 with the report, nothing written; dry run answers the same report with 200', async () => {
    const t = tag()
    const [lon, lat] = await pointInside(0)
    const future = new Date(TEST_NOW.getTime() + 3 * 86_400_000)
    const file = await workbookOf([
      ['编号', '问题类别', '问题描述', '上报时间', '经度', '纬度'],
      [`E${t}1`, '乱堆乱放', '好的一行', '2026-11-01 09:00', lon, lat],
      [`E${t}2`, '乱堆乱放', '日期不对', '2026-13-45', lon, lat],
      [`E${t}3`, '乱堆乱放', '未来的时间', future, lon, lat],
      [`E${t}4`, '乱堆乱放', '没有坐标', '2026-11-01 09:00', '', ''],
      [`E${t}5`, '乱堆乱放', '', '2026-11-01 09:00', lon, lat],
    ])
    const real = await upload(URL, file, 'bad.xlsx', 'leader')
    expect(real.status).toBe(422)
    const dry = await upload(`${URL}?dry_run=1`, file, 'bad.xlsx', 'leader')
    expect(dry.status).toBe(200)
    expect(dry.body).toEqual(real.body)
    expect(real.body.rows).toBe(5)
    expect(real.body.valid).toBe(1)
    expect(real.body.created).toBe(1)
    expect(real.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, '上报时间'],
      [4, '上报时间'],
      [5, '经度'],
      [6, '问题描述'],
    ])
    expect(await issuesOf([`E${t}1`])).toEqual([])
  })

  it('a 12345 export without coordinates: addresses the locator reads are placed; one it cannot read is an error of its row', async () => {
    const t = tag()
    const centre = dongtang().points.find((p) => p.name === '浦沅社区党群服务中心')!.lonlat
    const rows = [
      ['工单号', '受理时间', '诉求类别', '诉求内容', '事发地址'],
      [`A${t}1`, '2026-11-12 10:00', '乱堆乱放', '门口堆放杂物', '东塘街道浦沅社区党群服务中心门口'],
      [`A${t}2`, '2026-11-12 11:00', '乱堆乱放', '小区里堆放杂物', '某某小区后面'],
    ]
    const bad = await upload(URL, await workbookOf(rows), '12345.xlsx', 'leader')
    expect(bad.status).toBe(422)
    expect(bad.body.errors).toEqual([{ row: 3, column: '经度', message: expect.stringContaining('无法自动定位') }])
    const ok = await upload(URL, await workbookOf(rows.slice(0, 2)), '12345.xlsx', 'leader')
    expect(ok.body).toMatchObject({ created: 1, errors: [] })
    const [got] = await issuesOf([`A${t}1`])
    expect(Math.abs(got.lon - centre[0]) + Math.abs(got.lat - centre[1])).toBeLessThan(1e-7)
    expect(got.source).toBe('hotline_12345')
  })
})
