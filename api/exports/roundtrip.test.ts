/**
 * The round trip a district GIS office makes: our boundary, communities and grids exported as zipped
 * Shapefiles (CGCS2000 / 3-degree Gauss-Krüger EPSG:4547, GBK .dbf) import back through the street
 * importer (a dry run: nothing is written) with the same codes, the same community of every grid,
 * and areas within 0.01 % of the originals' (PostGIS's geodesic area of the stored geometry).
 */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, type Json } from '../issues/test-helpers.ts'

async function download(path: string, cookie: string) {
  const res = await (await testApp()).request(path, { headers: { cookie } })
  expect(res.status, path).toBe(200)
  return new Uint8Array(await res.arrayBuffer())
}

describe('export and import back', () => {
  it.each([
    ['EPSG:4547', 'gbk'],
    ['EPSG:4490', 'utf-8'],
  ])('Shapefiles in %s (%s) come back with the same codes and areas', async (crs, encoding) => {
    const admin = await cookieOf('admin')
    const q = `?crs=${encodeURIComponent(crs)}&encoding=${encoding}`
    const files: Record<string, Uint8Array> = {}
    for (const layer of ['boundary', 'communities', 'grids']) files[layer] = await download(`/api/v1/exports/${layer}.shp.zip${q}`, admin)

    const form = new FormData()
    for (const [layer, bytes] of Object.entries(files)) form.append(layer, new File([new Uint8Array(bytes)], `${layer}.shp.zip`))
    form.append('street_code', '430111099')
    form.append('name', '回读测试街道')
    const res = await (await testApp()).request('/api/v1/admin/streets/import?dry_run=1', { method: 'POST', body: form, headers: { cookie: admin } })
    expect(res.status).toBe(200)
    const report = (await res.json()) as Json
    expect(report.crs.grids.epsg ?? report.crs.grids).toBeTruthy()

    const db = await testDb()
    const own = async (table: 'communities' | 'grids') =>
      new Map(
        (
          await db.query<{ code: string; area: number; community: string | null }>(
            `SELECT code, ST_Area(geom::geography) AS area, ${table === 'grids' ? 'community_code' : 'NULL'} AS community FROM ${table} WHERE street_id = 1`,
          )
        ).map((r) => [r.code, r]),
      )
    for (const layer of ['communities', 'grids'] as const) {
      const ours = await own(layer)
      const back = report.preview[layer] as Json[]
      expect(back.map((f) => f.code).sort(), layer).toEqual([...ours.keys()].sort())
      for (const f of back) {
        const o = ours.get(f.code)!
        expect(Math.abs(f.area_m2 - o.area) / o.area, `${layer} ${f.code}`).toBeLessThan(1e-4)
        if (layer === 'grids') expect(f.community, f.code).toBe(o.community)
      }
    }
    // The street's own codes come back, so the import (a dry run under another code) says only that they are not its codes.
    const checks = new Set((report.errors as Json[]).map((e) => e.check))
    for (const c of ['invalid_polygon', 'overlap', 'gap', 'outside_boundary', 'duplicate_code']) expect(checks.has(c), c).toBe(false)
  })
})
