/**
 * GIS files from the browser: an admin downloads the grids as a GeoPackage from /admin → 数据导出
 * and sees where GIS software reads the layers live; a leader on /plan downloads the filtered issues
 * as a zipped Shapefile. Each file is read back (GDAL, JSZip) and compared with the API.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import * as shapefile from 'shapefile'
import { describe, expect, it } from 'vitest'
import { ADMIN, LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

const run = promisify(execFile)

describe('GIS file export in the browser', () => {
  const s = useSession()

  it('/admin → 数据导出: the grids as a GeoPackage GDAL reads, and the /ogc address for QGIS', async () => {
    const g = await s.open('/admin?tab=exports', undefined, undefined, ADMIN)
    await g.page.waitForSelector('[data-testid="exports-panel"]')
    expect(await g.page.textContent('[data-testid="ogc-url"]')).toBe(`${s.url()}/ogc`)
    await g.page.selectOption('[data-testid="gis-export-layer"]', 'grids')
    await g.page.selectOption('[data-testid="gis-export-format"]', 'gpkg')
    const [download] = await Promise.all([g.page.waitForEvent('download'), g.page.click('[data-testid="gis-export-download"]')])
    expect(download.suggestedFilename()).toBe('grids.gpkg')
    const file = await download.path()
    const { stdout } = await run('ogrinfo', ['-ro', '-so', file, 'grids'])
    const grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as { features: unknown[] }
    expect(stdout).toContain(`Feature Count: ${grids.features.length}`)
    expect(await g.page.textContent('[data-testid="gis-export-status"]')).toBe('已下载 grids.gpkg')
    await g.page.screenshot({ path: 'docs/screenshots/admin-exports.png' })
    expect(g.errors).toEqual([])
  })

  it('/plan: the issues under the page filters as a GBK Shapefile', async () => {
    const g = await s.open('/plan?range=90d&category=clutter', undefined, undefined, LEADER)
    await waitForMap(g, 60_000)
    await g.page.click('[data-testid="gis-export"] summary')
    await g.page.selectOption('[data-testid="gis-export-layer"]', 'issues')
    await g.page.selectOption('[data-testid="gis-export-format"]', 'shp.zip')
    await g.page.selectOption('[data-testid="gis-export"] label:has-text("编码") select', 'gbk')
    const [download] = await Promise.all([g.page.waitForEvent('download'), g.page.click('[data-testid="gis-export-download"]')])
    const asked = g.requests.find((r) => r.startsWith('/api/v1/exports/issues.shp.zip'))!
    const url = new URL(asked, s.url())
    expect(url.searchParams.get('category')).toBe('clutter')
    expect(url.searchParams.get('encoding')).toBe('gbk')
    const zip = await JSZip.loadAsync(await readFile(await download.path()))
    const read = await shapefile.read(await zip.file('issues.shp')!.async('uint8array'), await zip.file('issues.dbf')!.async('uint8array'), {
      encoding: 'gbk',
    })
    const q = new URLSearchParams({ limit: '5000', category: 'clutter', from: url.searchParams.get('from')!, to: url.searchParams.get('to')! })
    const api = (await (await g.context.request.get(`${s.url()}/api/v1/issues?${q}`)).json()) as {
      features: { id: number; properties: { category_name: string } }[]
    }
    expect(api.features.length).toBeGreaterThan(0)
    expect(read.features.map((f) => Number(f.properties!.id)).sort((a, b) => a - b)).toEqual(api.features.map((f) => f.id).sort((a, b) => a - b))
    // GBK decoded back to the category's Chinese name
    expect(new Set(read.features.map((f) => f.properties!.cat_name))).toEqual(new Set(api.features.map((f) => f.properties.category_name)))
    expect(g.errors).toEqual([])
  })
})
