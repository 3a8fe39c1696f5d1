import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areas4547, dongtangBeside, geojson, ownApp, ownDb, postImport, shapefileZip, type FC } from './test-helpers.ts'
import { workbookOf } from '../imports/test-helpers.ts'
import { ensureAccounts } from '../auth/bootstrap.ts'
import { TEST_ADMIN_PASSWORD, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'

// Committing creates a street; these tests run on a database of their own (a copy of the template), so
// the shared test database keeps its one street. They need PGlite's template: the postgres project
// runs the dry-run tests only.
const onPglite = process.env.TEST_ENGINE !== 'postgres'

describe.runIf(onPglite)('POST /admin/streets/import (commit)', () => {
  const CODE = '430111098'
  const src = dongtangBeside(CODE)

  it('writes a second street beside the first in one transaction; areas equal the source within 0.1 %; the street serves its layers', async () => {
    const db = await ownDb()
    const [before] = await db.query<{ grids: number; streets: number }>(
      'SELECT (SELECT count(*) FROM grids WHERE street_id = 1)::int AS grids, (SELECT count(*) FROM streets)::int AS streets',
    )
    const zip = (fc: FC) => shapefileZip(fc, { srs: 'EPSG:4326', toSrs: 'EPSG:4547', encoding: 'GBK' })
    const r = await postImport(
      {
        street_code: CODE,
        name: '新测街道',
        boundary: [await zip(src.boundary), 'b.zip'],
        communities: [await zip(src.communities), 'c.zip'],
        grids: [await zip(src.grids), 'g.zip'],
      },
      '',
      true,
    )
    expect(r.status, JSON.stringify(r.body.errors)).toBe(201)
    expect(r.body.street).toMatchObject({ code: CODE, name: '新测街道' })
    const id = r.body.street.id as number
    const rows = await db.query<{ code: string; community_code: string; name: string; manager_name: string; area_m2: number }>(
      'SELECT code, community_code, name, manager_name, area_m2 FROM grids WHERE street_id = $1 ORDER BY code',
      [id],
    )
    const reference = areas4547(src.grids)
    const expected = src.grids.features.map((f, k) => ({ code: f.properties['网格编码'] as string, area: reference[k], f }))
    expected.sort((a, b) => a.code.localeCompare(b.code))
    expect(rows.map((x) => x.code)).toEqual(expected.map((e) => e.code))
    rows.forEach((row, k) => {
      expect(row.name).toBe(expected[k].f.properties['网格名称'])
      expect(row.manager_name).toBe(expected[k].f.properties['网格员'])
      expect(row.community_code).toBe(row.code.slice(0, 12))
      expect(Math.abs(row.area_m2 - expected[k].area) / expected[k].area).toBeLessThan(0.001)
    })
    const [after] = await db.query<{ grids: number; streets: number; categories: number; classes: number }>(
      `SELECT (SELECT count(*) FROM grids WHERE street_id = 1)::int AS grids, (SELECT count(*) FROM streets)::int AS streets,
              (SELECT count(*) FROM categories WHERE street_id = $1)::int AS categories, (SELECT count(*) FROM point_classes WHERE street_id = $1)::int AS classes`,
      [id],
    )
    expect(after.grids).toBe(before.grids)
    expect(after.streets).toBe(before.streets + 1)
    expect(after.categories).toBeGreaterThan(0)
    expect(after.classes).toBeGreaterThan(0)
    // what is keyed by street_id works for the new street: its layers and a report inside it
    // (read as the public reads it: a street's own account may not read another street)
    const app = await ownApp()
    const layer = await app.request(`/api/v1/layers/grids?street=${CODE}`)
    expect(layer.status).toBe(200)
    const fc = (await layer.json()) as FC
    expect(fc.features).toHaveLength(rows.length)
    const ring = (src.grids.features[0].geometry as Polygon).coordinates[0]
    const [lon, lat] = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2]
    const [inside] = await db.query<{ code: string }>(
      'SELECT code FROM grids WHERE street_id = $1 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))',
      [id, lon, lat],
    )
    const [category] = await db.query<{ code: string }>('SELECT code FROM categories WHERE street_id = $1 ORDER BY sort LIMIT 1', [id])
    // the new street's own admin (made at start-up for a street without accounts) reports inside it
    await ensureAccounts(db, { adminPassword: TEST_ADMIN_PASSWORD, log: () => {}, passwordCost: TEST_PASSWORD_COST })
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD, street: CODE }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const issue = await app.request('/api/v1/issues', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ street: CODE, lon, lat, category: category.code, description: '新街道的第一个问题' }),
    })
    expect(issue.status, await issue.clone().text()).toBe(201)
    const [stored] = await db.query<{ street_id: number; grid_code: string }>('SELECT street_id, grid_code FROM issues WHERE id = $1', [
      ((await issue.json()) as { id: number }).id,
    ])
    expect(stored).toEqual({ street_id: id, grid_code: inside.code })
  })

  it('refuses the same street code again, and a street with problems, with 422 and nothing written', async () => {
    const db = await ownDb()
    const count = async () =>
      (
        await db.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM streets) + (SELECT count(*) FROM communities) + (SELECT count(*) FROM grids) AS n',
        )
      )[0].n
    const n0 = await count()
    const again = await postImport(
      { street_code: CODE, name: '新测街道', boundary: geojson(src.boundary), communities: geojson(src.communities), grids: geojson(src.grids) },
      '',
      true,
    )
    expect(again.status).toBe(422)
    expect(again.body.errors.map((e: { check: string }) => e.check)).toContain('street_exists')
    const other = dongtangBeside('430111099', 0.06)
    const dup = structuredClone(other.grids)
    dup.features[1].properties['网格编码'] = dup.features[0].properties['网格编码']
    const bad = await postImport(
      { street_code: '430111099', name: '另一街道', boundary: geojson(other.boundary), communities: geojson(other.communities), grids: geojson(dup) },
      '',
      true,
    )
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { check: string }) => e.check)).toEqual(['duplicate_code'])
    expect(await count()).toBe(n0)
  })

  it('imports the points of an .xlsx ledger into the grid they fall in; a point outside every grid is an error', async () => {
    const db = await ownDb()
    const other = dongtangBeside('430111096', -0.03)
    const ring = (other.grids.features[3].geometry as Polygon).coordinates[0]
    const [lon, lat] = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2]
    const [cls] = await db.query<{ name: string }>('SELECT name FROM point_classes WHERE street_id = 1 ORDER BY sort LIMIT 1')
    const sheet = (rows: unknown[][]) => workbookOf([['编号', '名称', '类别', '经度', '纬度'], ...rows])
    const layers = {
      street_code: '430111096',
      name: '点位街道',
      boundary: geojson(other.boundary),
      communities: geojson(other.communities),
      grids: geojson(other.grids),
    }
    const outside = await postImport(
      {
        ...layers,
        points: [
          await sheet([
            ['D1', '菜场', cls.name, lon, lat],
            ['D2', '远处', cls.name, lon + 0.1, lat],
          ]),
          'p.xlsx',
        ],
      },
      '?dry_run=1',
      true,
    )
    expect(outside.status).toBe(200)
    expect(outside.body.errors).toMatchObject([{ check: 'point_outside_grids', index: 1 }])
    const ok = await postImport({ ...layers, points: [await sheet([['D1', '菜场', cls.name, lon, lat]]), 'p.xlsx'] }, '', true)
    expect(ok.status, JSON.stringify(ok.body.errors)).toBe(201)
    const [p] = await db.query<{ grid_code: string; community_code: string }>(
      'SELECT grid_code, community_code FROM field_points WHERE street_id = $1 AND code = $2',
      [ok.body.street.id, 'D1'],
    )
    expect(p.grid_code).toBe(other.grids.features[3].properties['网格编码'])
    expect(p.community_code).toBe(other.grids.features[3].properties['所属社区'])
  })
})
