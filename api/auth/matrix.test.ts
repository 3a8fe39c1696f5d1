/**
 * Walks the whole permission matrix (api/auth/policy.ts): every endpoint and every step of the loop
 * × every caller, against the real app; checks that every route the app registers has a row, and
 * that docs/security.md shows the same table.
 */
import * as turf from '@turf/turf'
import { beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { DEMO_PASSWORD } from './bootstrap.ts'
import { cookieOf, pointInside, renewed } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from '../photos/test-images.ts'
import { tileAt } from '../tiles/tile-math.ts'
import { rasterMbtiles, tilesBySqlite3 } from '../basemaps/test-archives.ts'
import { closedReport, pow, reportForm, reportId, submit } from '../public/test-helpers.ts'
import { documentedPolicy } from './policy-doc.ts'
import { CALLERS, POLICY, renderPolicy, type Caller, type Rule } from './policy.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

const ACCOUNT: Record<Exclude<Caller, 'anonymous'>, string> = {
  kiosk: 'screen',
  grid_manager: 'grid01',
  inspector: 'inspector',
  group_leader: 'group01',
  leader: 'leader',
  admin: 'admin',
}

/**
 * Where a request's target lies: `in` = a street-vending problem in grid01's first grid (so in the
 * demo grid manager's patch and in 整治组 G01, group01's), `out` = a clutter problem in a grid outside
 * the patch (整治组 G05).
 */
type Place = 'in' | 'out'
const PLACE = { in: { k: 0, category: 'street_vending' }, out: { k: 2, category: 'clutter' } }

interface Req {
  method: string
  path: string
  json?: unknown
  raw?: Uint8Array
  /** a multipart upload (imports): the CSV text sent as the field `file` */
  csv?: string
  /** a multipart form of text fields and .geojson files (the street import) */
  form?: Record<string, string>
  /** another multipart body (basemap archives), made afresh for each call */
  multipart?: () => FormData
  /** a multipart form sent as it is (市民随手拍) */
  formData?: FormData
}

let app: App
let grids: string[]
const archiveBytes = rasterMbtiles(112.98, 28.16)

async function call(r: Req, cookie: string, on: App = app): Promise<{ status: number; body: Json | null }> {
  const go = (who: string) => {
    const headers: Record<string, string> = who ? { cookie: who } : {}
    if (r.json !== undefined) headers['content-type'] = 'application/json'
    const form = new FormData()
    if (r.csv !== undefined) form.append('file', new File([r.csv], 'matrix.csv'))
    for (const [k, v] of Object.entries(r.form ?? {})) form.append(k, v.startsWith('{') ? new File([v], `${k}.geojson`) : v)
    const body =
      r.json !== undefined
        ? JSON.stringify(r.json)
        : r.raw
          ? new Uint8Array(r.raw)
          : r.csv !== undefined || r.form
            ? form
            : (r.multipart?.() ?? r.formData)
    return on.request(`/api/v1${r.path}`, { method: r.method, headers, body })
  }
  let res = await go(cookie)
  // a cached session swept meanwhile (see renewed) is logged in again; a refusal of a live session stays
  const again = res.status === 401 && cookie ? await renewed(cookie) : null
  if (again) res = await go(again)
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('event-stream')) {
    await res.body?.cancel()
    return { status: res.status, body: null }
  }
  return { status: res.status, body: type.includes('json') ? ((await res.json()) as Json) : (await res.text(), null) }
}

const as = async (account: string) => cookieOf(account)

async function reportAt(place: Place, extra: Json = {}): Promise<number> {
  const [lon, lat] = await pointInside(PLACE[place].k)
  const r = await call(
    { method: 'POST', path: '/issues', json: { lon, lat, category: PLACE[place].category, description: '权限矩阵', ...extra } },
    await as('admin'),
  )
  expect(r.status).toBe(201)
  return r.body!.id as number
}

/** An issue at `place` brought through `steps` by accounts allowed to take them (never one who approves later). */
async function issueAt(place: Place, steps: string[] = []): Promise<number> {
  const id = await reportAt(place)
  const by: Record<string, string> = {
    assign: 'admin',
    answer: 'admin',
    start: place === 'in' ? 'grid01' : 'leader',
    rectify: place === 'in' ? 'grid01' : 'leader',
  }
  for (const action of steps) {
    const r = await call({ method: 'POST', path: `/issues/${id}/transitions`, json: { action, note: '准备' } }, await as(by[action]))
    expect(r.status, `prepare ${action}`).toBe(200)
  }
  return id
}

const BEFORE: Record<string, string[]> = {
  assign: [],
  start: ['assign'],
  rectify: ['assign'],
  approve: ['assign', 'rectify'],
  reject: ['assign', 'rectify'],
  answer: ['assign'],
  reopen: ['assign', 'answer'],
  merge: [],
}
const NOTE: Record<string, Json> = { rectify: { note: '已整改' }, reject: { note: '仍有问题' }, answer: { note: '客观无法整改' } }

/** The request for a rule, its target prepared at `place` (rules without a target ignore it). */
async function requestFor(rule: Rule, place: Place, caller: Caller): Promise<Req> {
  const { method, path, action } = rule
  const [lon, lat] = await pointInside(PLACE[place].k)
  if (action) {
    const id = await issueAt(place, BEFORE[action])
    const json: Json = { action, ...NOTE[action] }
    if (action === 'merge') json.target_id = await issueAt(place)
    return { method, path: `/issues/${id}/transitions`, json }
  }
  switch (`${method} ${path}`) {
    case 'POST /auth/login':
      return {
        method,
        path,
        json: {
          username: caller === 'anonymous' ? 'inspector' : ACCOUNT[caller],
          password: caller === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD,
        },
      }
    case 'POST /auth/tokens':
      return { method, path, json: { name: `matrix-${caller}`, role: 'kiosk' } }
    case 'DELETE /auth/tokens/:id': {
      const t = await call({ method: 'POST', path: '/auth/tokens', json: { name: 'matrix-revoke', role: 'kiosk' } }, await as('admin'))
      return { method, path: `/auth/tokens/${t.body!.id}` }
    }
    case 'POST /issues':
      return { method, path, json: { lon, lat, category: PLACE[place].category, description: '权限矩阵上报' } }
    case 'GET /issues/:id':
    case 'GET /issues/:id/duplicates':
      return { method, path: path.replace(':id', String(await issueAt(place))) }
    case 'GET /issues/:id/notice':
      return { method, path: path.replace(':id', String(await issueAt(place, ['assign']))) }
    case 'POST /issues/:id/supervise':
      return { method, path: path.replace(':id', String(await issueAt(place, ['assign']))), json: { note: '请加快整改' } }
    case 'POST /photos':
      return { method, path, raw: PLAIN_JPEG }
    case 'GET /photos/:id': {
      const up = await call({ method: 'POST', path: '/photos', raw: PLAIN_JPEG }, await as('admin'))
      await reportAt(place, { photos: [up.body!.id] })
      return { method, path: `/photos/${up.body!.id}` }
    }
    case 'POST /inspections':
      return { method, path, json: await matrixInspection() }
    case 'GET /inspections':
      expect((await call({ method: 'POST', path: '/inspections', json: await matrixInspection() }, await as('admin'))).status).toBe(201)
      return { method, path: '/inspections?limit=1000' }
    case 'POST /rounds':
      return { method, path, json: { grid: grids[0] } }
    case 'GET /rounds/:id': {
      const made = await call({ method: 'POST', path: '/rounds', json: { grid: grids[0] } }, await as('admin'))
      expect(made.status, 'prepare round').toBe(201)
      return { method, path: `/rounds/${made.body!.id}` }
    }
    case 'GET /assessments/weekly':
      return { method, path: '/assessments/weekly?level=grid' }
    case 'GET /bulletins/weekly':
      return { method, path: '/bulletins/weekly?format=docx' }
    case 'GET /indicators':
      return { method, path: '/indicators?by=grid' }
    case 'GET /contacts':
      return { method, path: '/contacts?group=G01' }
    case 'POST /analysis/area': {
      const d = 0.002
      const polygon = turf.polygon([
        [
          [lon - d, lat - d],
          [lon + d, lat - d],
          [lon + d, lat + d],
          [lon - d, lat + d],
          [lon - d, lat - d],
        ],
      ]).geometry
      return { method, path, json: { polygon } }
    }
    // imports (issue 13): a dry run of a one-row file, which writes nothing
    case 'POST /imports/points':
      return { method, path: `${path}?dry_run=1`, csv: `编号,名称,类别,经度,纬度\nMATRIX1,矩阵点位,农贸市场,${lon},${lat}\n` }
    case 'POST /imports/issues':
      return {
        method,
        path: `${path}?dry_run=1`,
        csv: `编号,问题类别,问题描述,上报时间,经度,纬度\nMATRIX1,乱堆乱放,矩阵,2026-11-01 09:00,${lon},${lat}\n`,
      }
    // a street import (issue 14): a dry run of a one-grid street, which writes nothing
    case 'POST /admin/streets/import': {
      const square = JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [113, 28],
            [113.001, 28],
            [113.001, 28.001],
            [113, 28.001],
            [113, 28],
          ],
        ],
      })
      const layer = (name: string) => `{"type":"Feature","properties":{"name":"${name}"},"geometry":${square}}`
      return {
        method,
        path: `${path}?dry_run=1`,
        form: { street_code: '430111093', name: '矩阵街道', boundary: layer('边界'), communities: layer('社区'), grids: layer('网格') },
      }
    }
    // 12345 (issue 13): an order with coordinates; an order the locator cannot place, placed on the map
    case 'POST /hotline/cases':
      return {
        method,
        path,
        json: {
          case_no: `MX${Date.now()}${++probes}`,
          reported_at: '2026-11-19T09:00:00+08:00',
          description: '矩阵工单',
          category: 'clutter',
          lon,
          lat,
        },
      }
    case 'POST /hotline/cases/:case_no/place': {
      const case_no = `MXP${Date.now()}${++probes}`
      const order = { case_no, reported_at: '2026-11-19T09:00:00+08:00', description: '矩阵待定位', category: 'clutter', address: '某不存在的地方' }
      expect((await call({ method: 'POST', path: '/hotline/cases', json: order }, await as('admin'))).status, 'prepare order').toBe(201)
      return { method, path: `/hotline/cases/${case_no}/place`, json: { lon, lat } }
    }
    case 'POST /issues/:id/callback':
      return { method, path: path.replace(':id', String(await issueAt(place, ['assign', 'answer']))), json: { satisfaction: 'satisfied' } }
    // the street switcher: choosing the caller's own (the only) street
    case 'PUT /streets/current':
      return { method, path, json: { street: '430111005' } }
    case 'GET /exports/:file':
      return { method, path: '/exports/grids.gpkg' }
    case 'GET /tiles/:name/:z/:x/:y':
      return { method, path: `/tiles/${await matrixBasemap()}` }
    case 'GET /tiles/street/:z/:x/:file': {
      const t = tileAt(lon, lat, 14)
      return { method, path: `/tiles/street/14/${t.x}/${t.y}.mvt` }
    }

    // 市民随手拍 (issue 20): a solved challenge and a report; reports prepared from addresses of their own
    case 'POST /public/reports':
      return { method, path, formData: await reportForm({ description: `权限矩阵随手拍-${++probes}` }, await pow(app, '')) }
    case 'GET /public/reports/:code':
      return { method, path: `/public/reports/${(await submit()).body.code}` }
    // a district leader's token (none of the matrix's callers is one: every one is refused before the id is read)
    case 'DELETE /district/tokens/:id':
      return { method, path: '/district/tokens/1' }
    case 'GET /public/map': {
      // off by default (404): turned on for this case as an admin does
      const on = await call({ method: 'PUT', path: '/moderation/settings', json: { enabled: true, public_map: true } }, await as('admin'))
      expect(on.status, 'prepare public map').toBe(200)
      return { method, path }
    }
    case 'GET /public/reports/:code/after-photo':
      return { method, path: `/public/reports/${(await closedReport()).code}/after-photo` }
    case 'POST /public/reports/:code/feedback':
      return { method, path: `/public/reports/${(await closedReport()).code}/feedback`, json: { satisfied: true } }
    case 'GET /moderation/reports/:id/photos/:photo': {
      const id = await reportId((await submit()).body.code)
      const queue = await call({ method: 'GET', path: '/moderation/reports?limit=200' }, await as('admin'))
      const photo = queue.body!.reports.find((r: Json) => r.id === id).photos[0]
      return { method, path: `/moderation/reports/${id}/photos/${photo}` }
    }
    case 'POST /moderation/reports/:id':
      return {
        method,
        path: `/moderation/reports/${await reportId((await submit()).body.code)}`,
        json: { action: 'reject', reason: 'not_a_problem' },
      }
    case 'PUT /moderation/settings':
      return { method, path, json: { enabled: true, public_map: false } }
    case 'POST /campaigns':
      return { method, path, json: matrixCampaign(lon, lat, 'G01') }
    case 'GET /campaigns/:id':
    case 'PATCH /campaigns/:id':
    case 'GET /campaigns/:id/summary.xlsx': {
      // 'in': group01's group (G01); 'out': another group's, which a group leader may not read
      const made = await call(
        { method: 'POST', path: '/campaigns', json: matrixCampaign(lon, lat, place === 'in' ? 'G01' : 'G05') },
        await as('admin'),
      )
      expect(made.status, 'prepare campaign').toBe(201)
      const json = method === 'PATCH' ? { name: '权限矩阵攻坚（改）' } : undefined
      return { method, path: path.replace(':id', String(made.body!.campaign.id)), json }
    }
    default:
      if (path.startsWith('/admin/')) return adminRequest(method, path)
      if (path.includes(':')) throw new Error(`matrix.test: no request for ${rule.key}; add one to requestFor`)
      return { method, path }
  }
}

/** An upload of a small raster archive (made by GDAL) named `name`. */
function archiveForm(name: string): FormData {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(archiveBytes)], `${name}.mbtiles`))
  form.append('name', name)
  return form
}

/** `name/z/x/y` of a tile of a basemap the admin uploaded (once per run). */
async function matrixBasemap(): Promise<string> {
  if (!matrixTile) {
    const name = `matrix-${Date.now().toString(36)}`
    expect((await call({ method: 'POST', path: '/admin/basemaps', multipart: () => archiveForm(name) }, await as('admin'))).status).toBe(201)
    matrixTile = `${name}/${[...tilesBySqlite3(archiveBytes).keys()][0]}`
  }
  return matrixTile
}
let matrixTile: string | undefined

/** A passing 督查 of the first point in grid01's patch (no issue opened, no photo needed). */
async function matrixInspection(): Promise<Json> {
  const [point] = (await call({ method: 'GET', path: '/layers/points' }, await as('grid01'))).body!.features
  const [list] = (await call({ method: 'GET', path: `/checklists?class=${point.properties.class_code}` }, await as('admin')))
    .body as unknown as Json[]
  return { point_code: point.properties.code, items: list.items.map((i: Json) => ({ code: i.code, pass: true })) }
}

/** A small two-phase campaign around a point, led by `group`. */
function matrixCampaign(lon: number, lat: number, group: string): Json {
  const d = 0.002
  const polygon = turf.polygon([
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ]).geometry
  const phases = [
    { name: '集中创建', from: '2026-09-01', to: '2026-10-01' },
    { name: '完善提高', from: '2026-10-01', to: '2026-12-01' },
  ]
  return { name: '权限矩阵攻坚', polygon, group, phases, targets: [{ change: -0.5 }] }
}

let probes = 0

/**
 * A request an admin may make without changing what other tests rely on: new probe accounts,
 * groups and a 2099 holiday, or the current values written back as they are. Whatever a row needs to
 * exist first (the account to edit, the day to delete) is made here by the admin.
 */
async function adminRequest(method: string, path: string): Promise<Req> {
  const admin = await as('admin')
  const n = ++probes
  const get = async (p: string) => (await call({ method: 'GET', path: p }, admin)).body!
  const made = async (r: Req) => expect((await call(r, admin)).status, `prepare ${r.method} ${r.path}`).toBeLessThan(300)
  const category = async () => (await get('/admin/categories')).categories.find((k: Json) => k.code === 'clutter')
  const community = async () => (await get('/admin/places')).communities[0].code as string
  const user = async () => {
    const username = `matrix-user-${n}`
    await made({ method: 'POST', path: '/admin/users', json: { username, role: 'inspector', password: 'matrix-password-1' } })
    return username
  }
  switch (`${method} ${path}`) {
    case 'POST /admin/basemaps':
      return { method, path, multipart: () => archiveForm(`matrix-${n}-${Date.now().toString(36)}`) }
    case 'DELETE /admin/basemaps/:name': {
      const name = `matrix-del-${n}-${Date.now().toString(36)}`
      await made({ method: 'POST', path: '/admin/basemaps', json: { name, url: 'http://10.0.0.9/tiles/{z}/{x}/{y}.png' } })
      return { method, path: `/admin/basemaps/${name}` }
    }
    case 'GET /admin/calendar':
      return { method, path: '/admin/calendar?year=2026' }
    case 'POST /admin/users':
      return { method, path, json: { username: `matrix-new-${n}`, role: 'inspector', password: 'matrix-password-1' } }
    case 'PATCH /admin/users/:username':
      return { method, path: `/admin/users/${await user()}`, json: { display_name: '矩阵探针' } }
    case 'POST /admin/users/:username/password':
      return { method, path: `/admin/users/${await user()}/password`, json: { password: 'matrix-password-2' } }
    case 'POST /admin/groups':
      return { method, path, json: { code: `GM${n}`, name: `矩阵组${n}`, leader_name: '某某' } }
    case 'PATCH /admin/groups/:code':
      await made({ method: 'POST', path: '/admin/groups', json: { code: `GP${n}`, name: `探针组${n}`, leader_name: '某某' } })
      return { method, path: `/admin/groups/GP${n}`, json: { name: `探针组${n}改` } }
    case 'PATCH /admin/categories/:code':
      return { method, path: '/admin/categories/clutter', json: { default_group_code: (await category()).default_group_code } }
    case 'PUT /admin/calendar/:day':
      return { method, path: `/admin/calendar/2099-04-${String((n % 28) + 1).padStart(2, '0')}`, json: { kind: 'holiday', name: '矩阵' } }
    case 'DELETE /admin/calendar/:day':
      await made({ method: 'PUT', path: '/admin/calendar/2099-05-04', json: { kind: 'holiday', name: '矩阵' } })
      return { method, path: '/admin/calendar/2099-05-04' }
    case 'PUT /admin/group-rules':
    case 'DELETE /admin/group-rules/:category/:community': {
      // the category's own default group: the rule changes no assignment other tests rely on
      const rule = { category_code: 'clutter', community_code: await community(), group_code: (await category()).default_group_code }
      if (method === 'PUT') return { method, path, json: rule }
      await made({ method: 'PUT', path: '/admin/group-rules', json: rule })
      return { method, path: `/admin/group-rules/clutter/${rule.community_code}` }
    }
    case 'PUT /admin/loop-settings':
      return { method, path, json: await get('/admin/loop-settings') }
    // 地名库: probe aliases no address uses, and 门牌 ranges in the 90000s no address holds
    case 'PUT /admin/gazetteer/aliases/:alias':
      return { method, path: `/admin/gazetteer/aliases/${encodeURIComponent(`矩阵别名${n}`)}`, json: { target: '劳动路' } }
    case 'DELETE /admin/gazetteer/aliases/:alias':
      await made({ method: 'PUT', path: `/admin/gazetteer/aliases/${encodeURIComponent(`矩阵删除${n}`)}`, json: { target: '劳动路' } })
      return { method, path: `/admin/gazetteer/aliases/${encodeURIComponent(`矩阵删除${n}`)}` }
    case 'POST /admin/gazetteer/ranges':
      return { method, path, json: { road: '劳动路', first_no: 90000 + n * 10, last_no: 90000 + n * 10 + 5 } }
    case 'DELETE /admin/gazetteer/ranges/:id': {
      const made2 = await call(
        { method: 'POST', path: '/admin/gazetteer/ranges', json: { road: '劳动路', first_no: 95000 + n * 10, last_no: 95000 + n * 10 + 5 } },
        admin,
      )
      return { method, path: `/admin/gazetteer/ranges/${made2.body!.id}` }
    }
    case 'POST /admin/gazetteer/locate':
      return { method, path, json: { address: '劳动路与芙蓉中路交叉口' } }
    case 'PUT /admin/assessment-settings':
      return { method, path, json: await get('/admin/assessment-settings') }
    case 'PUT /admin/checklists/:class_code': {
      // the current items written back: a new version with the same content (督查测评)
      const [list] = (await get('/checklists?class=public_toilet')) as unknown as Json[]
      const items = list.items.map((i: Json) => ({
        code: i.code,
        text: i.text,
        points: i.points,
        category: i.category,
        photo_required: i.photo_required,
      }))
      return { method, path: '/admin/checklists/public_toilet', json: { items } }
    }
    default:
      if (path.includes(':')) throw new Error(`matrix.test: no request for ${method} ${path}; add one to adminRequest`)
      return { method, path }
  }
}

/** The grid codes a scoped answer contains (null when the body names no grids to check). */
function gridsOf(rule: Rule, body: Json): string[] | null {
  switch (rule.key) {
    case 'GET /issues':
    case 'GET /layers/points':
      return body.features.map((f: Json) => f.properties.grid_code)
    case 'GET /stats/grids':
      return body.map((r: Json) => r.grid_code)
    case 'GET /inspections':
      return body.inspections.map((i: Json) => i.grid_code)
    case 'GET /assessments/weekly':
      return body.rows.map((r: Json) => r.code)
    case 'GET /indicators':
      return body.rows.map((r: Json) => r.key)
    default:
      return null
  }
}

const ok = (s: number) => s >= 200 && s < 300

beforeAll(async () => {
  app = await testApp()
  const me = await call({ method: 'GET', path: '/auth/me' }, await as('grid01'))
  grids = me.body!.user.grids
  expect(grids.length).toBeGreaterThan(0)
})

describe('the permission matrix', () => {
  it('has a row for every route the app registers, and no row without a route', async () => {
    const registered = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/')).map((r) => `${r.method} ${r.path.slice('/api/v1'.length)}`),
    )
    const rows = new Set(POLICY.map((r) => `${r.method} ${r.path}`))
    expect(
      [...registered].filter((k) => !rows.has(k)),
      'routes without a policy row',
    ).toEqual([])
    expect(
      [...rows].filter((k) => !registered.has(k)),
      'policy rows without a route',
    ).toEqual([])
    const actions = POLICY.filter((r) => r.action).map((r) => r.action)
    expect(actions.sort()).toEqual(['answer', 'approve', 'assign', 'merge', 'rectify', 'reject', 'reopen', 'start'])
  })

  it('is what docs/security.md shows', () => {
    expect(documentedPolicy(), 'run: npx tsx api/auth/policy-doc.ts').toBe(renderPolicy())
  })

  const closed = () => testApp({ PUBLIC_READS: 'false' })

  for (const rule of POLICY) {
    it(`${rule.key}: ${CALLERS.map((c) => rule.outcomes[c]).join(' ')}`, async () => {
      for (const caller of CALLERS) {
        const outcome = rule.outcomes[caller]
        // logging out ends the session, so that row gets a session of its own
        const fresh = rule.key === 'POST /auth/logout' && caller !== 'anonymous'
        const cookie =
          caller === 'anonymous'
            ? ''
            : fresh
              ? await loginCookie(ACCOUNT[caller], caller === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD)
              : await as(ACCOUNT[caller])
        const what = `${rule.key} as ${caller} (${outcome})`
        const r = await call(await requestFor(rule, 'in', caller), cookie)
        if (outcome === '401' || outcome === '403') {
          expect(r.status, what).toBe(Number(outcome))
          expect(r.body?.error?.code, what).toBe(outcome === '401' ? 'unauthorized' : 'forbidden')
          continue
        }
        expect(ok(r.status), `${what} → ${r.status} ${JSON.stringify(r.body?.error ?? '')}`).toBe(true)
        if (outcome === 'scoped') {
          const seen = gridsOf(rule, r.body!)
          if (seen) {
            expect(seen.length, what).toBeGreaterThan(0)
            expect(
              seen.filter((g) => !grids.includes(g)),
              what,
            ).toEqual([])
          }
        }
        if (outcome === 'own') {
          const out = await call(await requestFor(rule, 'out', caller), cookie)
          const want = caller === 'group_leader' || rule.key === 'POST /issues' ? 403 : 404
          expect(out.status, `${what} outside`).toBe(want)
        }
        if (caller === 'anonymous') {
          // PUBLIC_READS=false: the public rows close (401); health, login and logout stay open
          const shut = await call(await requestFor(rule, 'in', caller), '', await closed())
          expect(shut.status, `${what} with PUBLIC_READS=false`).toBe(outcome === 'public' ? 401 : r.status)
        }
      }
    })
  }

  it('a scoped caller sees less than the street: grid01 gets fewer issues than the leader', async () => {
    const mine = await call({ method: 'GET', path: '/stats/summary' }, await as('grid01'))
    const all = await call({ method: 'GET', path: '/stats/summary' }, await as('leader'))
    expect(mine.body!.total).toBeGreaterThan(0)
    expect(mine.body!.total).toBeLessThan(all.body!.total)
  })
})
