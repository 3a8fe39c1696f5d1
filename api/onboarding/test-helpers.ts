/**
 * Helpers of the street-import route tests: the 东塘 fixture's geometry moved beside the street and
 * recoded, the import form posted to the app, and a database of the file's own for commits.
 */
import type { Feature, Geometry, Polygon, Position } from 'geojson'
import type { FC } from './test-files.ts'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { openPglite } from '../../db/pglite.ts'
import { copyTemplate } from '../../db/testing/global-setup.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf, type Json } from '../issues/test-helpers.ts'
import type { Db } from '../../db/adapter.ts'

/** Moves every position by (dx, dy) degrees. */
export function shift<G extends Geometry>(g: G, dx: number, dy = 0): G {
  const walk = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number' ? [(c as number[])[0] + dx, (c as number[])[1] + dy] : (c as unknown[]).map(walk)
  return { ...g, coordinates: walk((g as Polygon).coordinates) } as G
}

/** The 东塘 layers moved `dx` degrees east, recoded for street `code` (its communities code + 3, grids + 2). */
export function dongtangBeside(code: string, dx = 0.03): { boundary: FC; communities: FC; grids: FC } {
  const d = dongtang()
  const fc = (features: Feature<Geometry, Record<string, unknown>>[]): FC => ({ type: 'FeatureCollection', features })
  return {
    boundary: fc([{ type: 'Feature', properties: { 名称: '测试街道' }, geometry: shift(d.street.boundary, dx) }]),
    communities: fc(
      d.communities.map((c) => ({
        type: 'Feature',
        properties: { 社区编码: code + c.code.slice(9), 社区名称: c.name },
        geometry: shift(c.geom, dx),
      })),
    ),
    grids: fc(
      d.grids.map((g) => ({
        type: 'Feature',
        properties: {
          网格编码: code + g.code.slice(9),
          网格名称: g.name,
          所属社区: code + g.community_code.slice(9),
          网格员: g.manager_name,
          电话: g.manager_phone,
        },
        geometry: shift(g.geom, dx),
      })),
    ),
  }
}

export type Parts = Record<string, Uint8Array | string | [Uint8Array, string]>

/** POSTs the import form; returns status and JSON. */
export async function postImport(parts: Parts, query = '?dry_run=1', own = false) {
  const a = own ? await ownApp() : await testApp()
  const cookie = own ? await ownCookie() : await cookieOf('admin')
  const form = new FormData()
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === 'string') form.append(k, v)
    else if (Array.isArray(v)) form.append(k, new File([new Uint8Array(v[0])], v[1]))
    else form.append(k, new File([new Uint8Array(v)], `${k}.geojson`))
  }
  const res = await a.request(`/api/v1/admin/streets/import${query}`, { method: 'POST', body: form, headers: { cookie } })
  return { status: res.status, body: (await res.json()) as Json }
}

let privateDb: Promise<Db> | undefined

/** A database of this test file's own (a PGlite copy of the template): committed streets stay out of the shared one. */
export function ownDb(): Promise<Db> {
  privateDb ??= copyTemplate(process.env.CGM_PGLITE_TEMPLATE!).then((dir) => openPglite(dir))
  return privateDb
}

/** An app over ownDb(). */
export async function ownApp() {
  const db = await ownDb()
  return buildApp({ db, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
}

let own: Promise<string> | undefined

/** The admin's session cookie on ownDb(). */
export function ownCookie(): Promise<string> {
  own ??= ownApp().then(async (app) => {
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    })
    return res.headers.get('set-cookie')!.split(';')[0]
  })
  return own
}

/** Positions of a polygon's outer ring. */
export const ring = (g: Polygon): Position[] => g.coordinates[0]

export { areas4547, geojson, rect, shapefileZip, smallStreet, type FC } from './test-files.ts'
