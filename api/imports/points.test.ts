/**
 * POST /imports/points with workbooks written here by exceljs: dry run writes nothing, a real import
 * writes every row, the same file twice changes nothing, a changed row updates its point by 编号,
 * and our own exported ledger imports back unchanged.
 */
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside } from '../issues/test-helpers.ts'
import { tag, upload, workbookOf } from './test-helpers.ts'

const URL = '/api/v1/imports/points'

async function pointsOf(codes: string[]) {
  const db = await testDb()
  return db.query<{ code: string; name: string; class_code: string; lon: number; lat: number; grid_code: string | null }>(
    'SELECT code, name, class_code, ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_code FROM field_points WHERE code = ANY($1) ORDER BY code',
    [codes],
  )
}

describe('POST /api/v1/imports/points', () => {
  it('dry run reports and writes nothing; the import writes; the same file again changes nothing; a changed row updates', async () => {
    const t = tag()
    const [lon0, lat0] = await pointInside(0)
    const [lon1, lat1] = await pointInside(3)
    const [gx, gy] = gcoord.transform([lon1, lat1], gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const rows = [
      ['东塘街道实地点位台账（导入测试）'],
      ['点位编号', '点位名称', '类别', '地址', '联系人', '联系电话', '经度', '纬度', '坐标系'],
      [`T${t}1`, '测试农贸市场', '农贸市场', '新雨路1号', '张三', '13800000001', lon0, lat0, 'WGS84'],
      // full-width digits and spaces, a GCJ-02 (高德) coordinate
      [
        `T${t}2`,
        '　测试背街小巷　',
        '背街小巷',
        '',
        '',
        '１３８０００００００２',
        String(gx).replace(/\d/g, (d) => String.fromCharCode(0xff10 + +d)),
        gy,
        '高德',
      ],
    ]
    const db = await testDb()
    const classes = await db.query<{ code: string; name: string }>('SELECT code, name FROM point_classes')
    const byName = new Map(classes.map((c) => [c.name, c.code]))
    // the class names above must be the street's own: take two real ones instead
    rows[2][2] = classes[0].name
    rows[3][2] = classes[1].code
    const file = await workbookOf(rows)

    const dry = await upload(`${URL}?dry_run=1`, file, 'points.xlsx')
    expect(dry.status).toBe(200)
    expect(dry.body).toEqual({ rows: 2, valid: 2, created: 2, updated: 0, errors: [] })
    expect(await pointsOf([`T${t}1`, `T${t}2`])).toEqual([])

    const real = await upload(URL, file, 'points.xlsx')
    expect(real.status).toBe(200)
    expect(real.body).toMatchObject({ rows: 2, valid: 2, created: 2, updated: 0 })
    const got = await pointsOf([`T${t}1`, `T${t}2`])
    expect(got.map((p) => p.name)).toEqual(['测试农贸市场', '测试背街小巷'])
    expect(got[0].class_code).toBe(byName.get(classes[0].name))
    expect(got[1].class_code).toBe(classes[1].code)
    expect(got[0].lon).toBeCloseTo(lon0, 9)
    expect(Math.abs(got[1].lon - lon1)).toBeLessThan(1e-5)
    expect(Math.abs(got[1].lat - lat1)).toBeLessThan(1e-5)
    expect(got[0].grid_code).not.toBeNull()

    const again = await upload(URL, file, 'points.xlsx')
    expect(again.body).toMatchObject({ created: 0, updated: 0, errors: [] })

    rows[3][1] = '测试背街小巷（改）'
    const changed = await upload(URL, await workbookOf(rows), 'points.xlsx')
    expect(changed.body).toMatchObject({ rows: 2, created: 0, updated: 1 })
    expect((await pointsOf([`T${t}2`]))[0].name).toBe('测试背街小巷（改）')
    // The street's point ledger is counted by other test files sharing this database.
    await (await testDb()).query('DELETE FROM field_points WHERE code = ANY($1)', [[`T${t}1`, `T${t}2`]])
  })

  it('a file with a bad row writes nothing (422) and names each bad row as Excel numbers it', async () => {
    const t = tag()
    const [lon, lat] = await pointInside(1)
    const db = await testDb()
    const [cls] = await db.query<{ name: string }>('SELECT name FROM point_classes LIMIT 1')
    const file = await workbookOf([
      ['编号', '名称', '类别', '经度', '纬度'],
      [`B${t}1`, '好的一行', cls.name, lon, lat],
      [`B${t}2`, '', cls.name, lon, lat],
      [`B${t}3`, '坐标在外', cls.name, 112.5, 28.0],
      [`B${t}4`, '类别不对', '没有的类别', lon, lat],
      [`B${t}1`, '编号重复', cls.name, lon, lat],
      [`B${t}6`, '经纬度反了', cls.name, lat, lon],
    ])
    const r = await upload(URL, file, 'bad.xlsx')
    expect(r.status).toBe(422)
    expect(r.body.rows).toBe(6)
    expect(r.body.valid).toBe(1)
    expect(r.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, '名称'],
      [4, '经度'],
      [5, '类别'],
      [6, '编号'],
      [7, '经度'],
    ])
    for (const e of r.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/)
    expect(await pointsOf([`B${t}1`])).toEqual([])
  })

  it('our own exported 实地点位台账 imports back without a change', async () => {
    const app = await testApp()
    const res = await app.request('/api/v1/ledgers/points.xlsx', { headers: { cookie: await cookieOf('admin') } })
    expect(res.status).toBe(200)
    const r = await upload(`${URL}?dry_run=1`, new Uint8Array(await res.arrayBuffer()), '实地点位台账.xlsx')
    expect(r.status).toBe(200)
    const db = await testDb()
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM field_points')
    expect(r.body).toEqual({ rows: n.n, valid: n.n, created: 0, updated: 0, errors: [] })
  })

  it('is for admins only', async () => {
    const file = await workbookOf([['编号', '名称']])
    expect((await upload(URL, file, 'x.xlsx', 'leader')).status).toBe(403)
    expect((await upload(URL, file, 'x.xlsx', '')).status).toBe(401)
  })
})
