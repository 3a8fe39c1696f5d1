/**
 * The whole closed loop in the browser, each step checked against the API: a grid manager reports
 * with two photos and a dragged pin (the detail shows both photos and the grid under the pin, as
 * Turf finds it); a second report of the same category 20 m away is offered as a duplicate and
 * merged; the leader 交办s three reports in one batch; the group leader lands on 本组待办 and the
 * inspector on 待回头看 (due order) without choosing a grid; an 答复 is written and confirmed; a closed
 * issue is reopened; and for every role and status the sheet offers exactly the steps the
 * permission table (api/auth/policy.ts) and the state machine (api/issues/states.ts) allow.
 */
import * as turf from '@turf/turf'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { POLICY, type Caller } from '../api/auth/policy.ts'
import { ACTIONS, OPEN_STATUSES, STATUSES, TRANSITIONS } from '../api/issues/states.ts'
import { ADMIN, INSPECTOR, LEADER } from './harness/accounts.ts'
import type { GuardedPage } from './harness/browser.ts'
import { canvasPhoto } from './harness/photo.ts'
import { loginCookie, useSession, waitForMap, type Account } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
const GRID_MANAGER: Account = ['grid01', DEMO_PASSWORD]
const GROUP_LEADER: Account = ['group01', DEMO_PASSWORD]
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

describe('the closed loop in the browser', () => {
  const s = useSession()
  const cookies: Record<string, string> = {}
  const users: Record<string, Json> = {}
  let grids: Json
  let grid = ''
  let inside: [number, number] = [0, 0]

  async function call(method: string, path: string, who: Account, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie: cookies[who[0]], ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  async function report(at: [number, number], category = 'clutter', who: Account = INSPECTOR): Promise<number> {
    const r = await call('POST', '/issues', who, { lon: at[0], lat: at[1], category, description: `闭环浏览器测试：${category} 上报` })
    expect(r.status).toBe(201)
    return r.body.id as number
  }
  const step = async (id: number, action: string, who: Account, extra: Json = {}) => {
    const r = await call('POST', `/issues/${id}/transitions`, who, { action, ...extra })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body
  }
  /** An issue brought to `status` by the API, at `at`. */
  async function issueIn(status: string, at: [number, number]): Promise<number> {
    const id = await report(at)
    if (status === 'reported') return id
    await step(id, 'assign', LEADER)
    if (status === 'assigned') return id
    if (status === 'answered') return (await step(id, 'answer', LEADER, { note: '位于施工围挡内，待工程结束后整治' }), id)
    await step(id, 'start', LEADER)
    if (status === 'rectifying') return id
    await step(id, 'rectify', LEADER, { note: '已清理' })
    if (status === 'rectified') return id
    await step(id, 'approve', INSPECTOR)
    return id
  }
  /** Visible controls a thumb cannot hit reliably: smaller than 44 px in either direction. */
  const smallTargets = (g: GuardedPage) =>
    g.page.$$eval('button, a[href], select, textarea, [role="button"], [role="tab"], label:has(input)', (els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.maplibregl-ctrl'))
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
        .map(({ e, r }) => `${e.tagName}.${e.className} "${e.textContent?.trim().slice(0, 12)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
    )
  const ids = (g: GuardedPage) => g.page.$$eval('[data-testid="queue-item"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))

  beforeAll(async () => {
    for (const [u, pw] of [GRID_MANAGER, INSPECTOR, LEADER, GROUP_LEADER, ADMIN]) {
      cookies[u] = await loginCookie(s.url(), [u, pw])
      users[u] = (await call('GET', '/auth/me', [u, pw])).body.user
    }
    grid = users.grid01.grids[0]
    grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as Json
    inside = turf.pointOnFeature(grids.features.find((f: Json) => f.properties.code === grid)).geometry.coordinates as [number, number]
  })

  it('reports with two photos and a dragged pin, then merges a second report 20 m away into it', async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, GRID_MANAGER)
    await g.context.grantPermissions(['geolocation'])
    await g.context.setGeolocation({ longitude: inside[0], latitude: inside[1] })
    await waitForMap(g)
    await g.page.click('[data-testid="report-open"]')
    await g.page.setInputFiles('[data-testid="report-photo"]', [
      { name: 'a.png', mimeType: 'image/png', buffer: await canvasPhoto(g.page, '#3a7') },
      { name: 'b.png', mimeType: 'image/png', buffer: await canvasPhoto(g.page, '#a37') },
    ])
    await g.page.waitForFunction(() => document.querySelectorAll('[data-testid="report-photos"] img').length === 2)
    expect(await smallTargets(g)).toEqual([])
    await g.page.click('text=使用当前位置')
    const pin = await g.page.waitForSelector('[data-testid="report-pin"]')
    const before = (await pin.boundingBox())!
    // Drag the pin 30 px right and 20 px down by its body; the map must stay put.
    await g.page.mouse.move(before.x + before.width / 2, before.y + before.height / 2)
    await g.page.mouse.down()
    await g.page.mouse.move(before.x + before.width / 2 + 15, before.y + before.height / 2 + 10, { steps: 4 })
    await g.page.mouse.move(before.x + before.width / 2 + 30, before.y + before.height / 2 + 20, { steps: 4 })
    await g.page.mouse.up()
    const after = (await pin.boundingBox())!
    expect(Math.round(after.x - before.x)).toBe(30)
    expect(Math.round(after.y - before.y)).toBe(20)
    await g.page.waitForSelector('[data-testid="report-grid"]')
    await g.page.selectOption('select[name="category"]', 'clutter')
    await g.page.fill('textarea[name="description"]', '楼道口堆放杂物，影响通行')
    const posted = g.page.waitForResponse((r) => r.url().endsWith('/api/v1/issues') && r.request().method() === 'POST')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const created = (await (await posted).json()) as Json
    expect((await posted).status()).toBe(201)
    const id = created.id as number
    const [lon, lat] = created.geometry.coordinates as [number, number]
    // The pin moved the report off the device's position, by the drag.
    expect(turf.distance(inside, [lon, lat], { units: 'meters' })).toBeGreaterThan(1)
    // The grid named under the pin is the one Turf finds for the stored point, and the server's.
    const under = grids.features.find((f: Json) => turf.booleanPointInPolygon([lon, lat], f as GeoJSON.Feature<GeoJSON.MultiPolygon>))
    expect(await g.page.getAttribute('[data-testid="report-grid"]', 'data-code')).toBe(under.properties.code)
    expect(created.properties.grid_code).toBe(under.properties.code)
    expect(await g.page.textContent('[data-testid="report-grid"]')).toContain(under.properties.name)
    const detail = (await call('GET', `/issues/${id}`, LEADER)).body
    expect(detail.properties.photos).toHaveLength(2)

    // The issue's sheet shows both photos, served by the API.
    await g.page.goto(`${s.url()}/patch?grid=${grid}&issue=${id}`)
    await g.page.waitForFunction(() => document.querySelectorAll('[data-testid="sheet-photo-img"]').length === 2)
    // Both decode: the API serves the images themselves (waits for the lazy loads to finish).
    await g.page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="sheet-photo-img"]')].every((e) => e.complete && e.naturalWidth > 0),
    )
    expect(await g.page.textContent('[data-testid="sheet-place"]')).toContain(detail.properties.grid_name)

    // A second report of the same category 20 m east: the hint names the first, and merging works.
    const near = turf.destination([lon, lat], 20, 90, { units: 'meters' }).geometry.coordinates as [number, number]
    await g.context.setGeolocation({ longitude: near[0], latitude: near[1] })
    await g.page.goto(`${s.url()}/patch?grid=${grid}`)
    await waitForMap(g)
    await g.page.click('[data-testid="report-open"]')
    await g.page.click('text=使用当前位置')
    await g.page.waitForSelector('[data-testid="report-pin"]')
    await g.page.selectOption('select[name="category"]', 'clutter')
    await g.page.fill('textarea[name="description"]', '同一处楼道杂物，再次发现')
    const second = g.page.waitForResponse((r) => r.url().endsWith('/api/v1/issues') && r.request().method() === 'POST')
    await g.page.click('[data-testid="report-form"] button[type="submit"]')
    const dupId = ((await (await second).json()) as Json).id as number
    await g.page.waitForSelector('[data-testid="report-duplicates"]')
    expect(await smallTargets(g)).toEqual([])
    const offered = await g.page.$$eval('[data-testid="report-duplicate"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))
    expect(offered).toContain(id)
    expect(await g.page.textContent('[data-testid="report-duplicates"] strong')).toBe(`附近已有 ${offered.length} 条同类问题`)
    await g.page.click(`[data-testid="merge-into-${id}"]`)
    await g.page.waitForSelector('[data-testid="report-decided"]')
    const dup = (await call('GET', `/issues/${dupId}`, LEADER)).body.properties
    expect(dup.status).toBe('closed')
    expect(dup.merged_into).toBe(id)
    expect(g.errors).toEqual([])
  })

  it('lets the leader 交办 three reports in one batch from the queue, each with its notice number', async () => {
    const three = [await report(inside), await report(inside, 'flyposting'), await report(inside, 'exposed_garbage')]
    const g = await s.open('/patch', PHONE, 1, LEADER)
    await g.page.waitForSelector('[data-testid="work-queue"][data-kind="dispatch"]')
    // The queue is every report waiting for 交办, longest waiting first, each with its suggested group.
    const waiting = (await call('GET', '/issues?status=reported&limit=5000', LEADER)).body.features as Json[]
    const expected = waiting.sort(
      (a, b) => Date.parse(a.properties.reported_at) - Date.parse(b.properties.reported_at) || a.properties.id - b.properties.id,
    )
    expect(await ids(g)).toEqual(expected.map((f) => f.properties.id).slice(0, 500))
    for (const id of three) await g.page.check(`[data-testid="queue-item"][data-id="${id}"] [data-testid="queue-check"]`)
    expect(await smallTargets(g)).toEqual([])
    expect(await g.page.textContent('[data-testid="queue-assign"]')).toContain('3')
    await g.page.click('[data-testid="queue-assign"]')
    await g.page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-results"] li').length === 3)
    for (const id of three) {
      const p = (await call('GET', `/issues/${id}`, LEADER)).body.properties
      expect(p.status).toBe('assigned')
      expect(p.notice_no).toMatch(/\S/)
      expect(await g.page.textContent(`[data-testid="queue-results"] li[data-id="${id}"]`)).toContain(p.notice_no)
    }
    await g.page.waitForFunction((done) => !done.some((id) => document.querySelector(`[data-testid="queue-item"][data-id="${id}"]`)), three)
    expect(g.errors).toEqual([])
  })

  it('shows the group leader 本组待办 and the inspector 待回头看 in due order, without choosing a grid', async () => {
    const open = (await call('GET', '/issues?status=assigned,rectifying,rectified&limit=5000', LEADER)).body.features as Json[]
    const mine = open.filter((f) => f.properties.group_code === users.group01.group_code)
    expect(mine.length).toBeGreaterThan(0)
    const gl = await s.open('/patch', PHONE, 1, GROUP_LEADER)
    await gl.page.waitForSelector('[data-testid="work-queue"][data-kind="group"]')
    expect(await gl.page.$('[data-testid="grid-picker"] ~ *')).toBeNull()
    const shown = await ids(gl)
    expect([...shown].sort((a, b) => a - b)).toEqual(mine.map((f) => f.properties.id).sort((a: number, b: number) => a - b))
    // Overdue first.
    const overdue = new Set(mine.filter((f) => f.properties.overdue).map((f) => f.properties.id))
    expect(shown.map((id) => overdue.has(id))).toEqual(shown.map((_, k) => k < overdue.size))
    expect(await smallTargets(gl)).toEqual([])
    await gl.page.click('[data-testid="chip-rectified"]')
    expect((await ids(gl)).sort((a, b) => a - b)).toEqual(
      mine
        .filter((f) => f.properties.status === 'rectified')
        .map((f) => f.properties.id)
        .sort((a: number, b: number) => a - b),
    )

    const rectified = (await call('GET', '/issues?status=rectified&limit=5000', INSPECTOR)).body.features as Json[]
    const due = (f: Json) => (f.properties.deadline ? Date.parse(f.properties.deadline) : Infinity)
    const order = rectified.sort((a, b) => due(a) - due(b) || a.properties.id - b.properties.id).map((f) => f.properties.id)
    const ins = await s.open('/patch', PHONE, 1, INSPECTOR)
    await ins.page.waitForSelector('[data-testid="work-queue"][data-kind="recheck"]')
    expect(await ids(ins)).toEqual(order)
    // With the inspector's position known, the walk goes nearest first (Turf's great-circle metres).
    await ins.context.grantPermissions(['geolocation'])
    await ins.context.setGeolocation({ longitude: inside[0], latitude: inside[1] })
    await ins.page.click('text=按我的位置排序')
    await ins.page.waitForSelector('text=按距离由近到远')
    const far = (f: Json) => turf.distance(inside, f.geometry.coordinates, { units: 'meters' })
    const nearest = [...rectified].sort((a, b) => far(a) - far(b) || due(a) - due(b)).map((f) => f.properties.id)
    expect(await ids(ins)).toEqual(nearest)
    expect(nearest).not.toEqual(order)
    expect(gl.errors).toEqual([])
    expect(ins.errors).toEqual([])
  })

  it('writes and confirms an 答复, and reopens a closed issue', async () => {
    const assigned = await issueIn('assigned', inside)
    const closed = await issueIn('closed', inside)
    const g = await s.open(`/patch?issue=${assigned}`, PHONE, 1, LEADER)
    // The next step comes first and filled; the others outlined. The notice opens from the sheet.
    await g.page.waitForSelector('[data-testid="step-start"]')
    const order = await g.page.$$eval('[data-testid^="step-"]', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.testid, e.classList.contains('later')]),
    )
    expect(order).toEqual([
      ['step-start', false],
      ['step-rectify', true],
      ['step-answer', true],
    ])
    const href = await g.page.getAttribute('[data-testid="sheet-print-notice"]', 'href')
    expect(href).toBe(`/api/v1/issues/${assigned}/notice`)
    const notice = await g.context.request.get(s.url() + href!)
    expect(notice.status()).toBe(200)
    expect(await notice.text()).toContain((await call('GET', `/issues/${assigned}`, LEADER)).body.properties.notice_no)
    // Printed, both parts (责任主体联 and 回头看销号联) fit one A4 sheet: the PDF has exactly one page.
    const paper = await g.context.newPage()
    await paper.goto(s.url() + href!)
    const pdf = (await paper.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1')
    await paper.close()
    expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1)
    expect(pdf.match(/\/Count\s+(\d+)/)?.[1]).toBe('1')
    // 督办 can call: the sheet lists the grid's managers and the group's leaders with a phone, as the admin's user list has them.
    const issueNow = (await call('GET', `/issues/${assigned}`, LEADER)).body.properties
    const everyone = (await call('GET', '/admin/users', ADMIN)).body.users as Json[]
    const responsible = everyone.filter(
      (u) =>
        !u.disabled &&
        u.phone &&
        ((u.role === 'grid_manager' && u.grids.includes(issueNow.grid_code)) || (u.role === 'group_leader' && u.group_code === issueNow.group_code)),
    )
    expect(responsible.length).toBeGreaterThan(0)
    await g.page.waitForSelector('[data-testid="sheet-contacts"] a')
    const tels = await g.page.$$eval('[data-testid="sheet-contacts"] a', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.username, e.getAttribute('href')]),
    )
    expect(tels.sort()).toEqual(responsible.map((u) => [u.username, `tel:${u.phone.replace(/[^0-9+]/g, '')}`]).sort())
    // 督办 from the sheet: one timeline entry by the leader with the note, the status unchanged.
    await g.page.click('[data-testid="sheet-supervise"]')
    await g.page.fill('[data-testid="confirm-note"]', '请于本周五前整改到位')
    await g.page.click('[data-testid="confirm-go"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-timeline"]')?.textContent?.includes('请于本周五前整改到位'))
    const pressed = (await call('GET', `/issues/${assigned}`, LEADER)).body.properties
    expect(pressed.status).toBe('assigned')
    expect(pressed.events.at(-1)).toMatchObject({ action: 'supervise', actor: 'leader', note: '请于本周五前整改到位' })
    await g.page.click('[data-testid="step-answer"]')
    await g.page.fill('[data-testid="confirm-note"]', '太短')
    await g.page.click('[data-testid="confirm-go"]')
    expect(await g.page.textContent('[data-testid="sheet-error"]')).toContain('至少')
    expect(await smallTargets(g)).toEqual([])
    expect((await call('GET', `/issues/${assigned}`, LEADER)).body.properties.status).toBe('assigned')
    const reason = '该处位于地铁施工围挡内，施工结束前无法整治，已设置提示牌'
    await g.page.fill('[data-testid="confirm-note"]', reason)
    await g.page.click('[data-testid="confirm-go"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-status"]')?.textContent === '已答复')
    const answered = (await call('GET', `/issues/${assigned}`, LEADER)).body.properties
    expect(answered.status).toBe('answered')
    expect(answered.events.at(-1)).toMatchObject({ action: 'answer', note: reason, actor: 'leader' })

    await g.page.goto(`${s.url()}/patch?issue=${closed}`)
    await g.page.click('[data-testid="step-reopen"]')
    await g.page.fill('[data-testid="confirm-note"]', '问题复现')
    await g.page.click('[data-testid="confirm-go"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-status"]')?.textContent === '整改中')
    expect((await call('GET', `/issues/${closed}`, LEADER)).body.properties.status).toBe('rectifying')
    expect(g.errors).toEqual([])
  })

  // 30 full loads of /patch (five roles × six statuses): minutes on a loaded machine
  it('offers every role exactly the steps the permission table and the state machine allow', { timeout: 240_000 }, async () => {
    // One issue in each status, in the grid manager's grid (rectified by the leader: 回头看 is then not theirs).
    const byStatus: Record<string, number> = {}
    for (const st of STATUSES) byStatus[st] = await issueIn(st, inside)
    const accounts: [Caller, Account][] = [
      ['admin', ADMIN],
      ['leader', LEADER],
      ['group_leader', GROUP_LEADER],
      ['inspector', INSPECTOR],
      ['grid_manager', GRID_MANAGER],
    ]
    let allowedSeen = 0
    for (const [role, account] of accounts) {
      const me = users[account[0]]
      const g = await s.open('/patch', PHONE, 1, account)
      for (const st of STATUSES) {
        const id = byStatus[st]
        const issue = (await call('GET', `/issues/${id}`, LEADER)).body.properties
        await g.page.goto(`${s.url()}/patch?issue=${id}`)
        await g.page.waitForSelector('[data-testid="sheet-status"]')
        await g.page.waitForSelector('[data-testid="sheet-timeline"] li')
        const shown = await g.page.$$eval('[data-testid^="step-"]', (els) => els.map((e) => (e as HTMLElement).dataset.testid!.slice(5)))
        const expected = ACTIONS.filter((a) => {
          if (!(TRANSITIONS[a].from as readonly string[]).includes(st)) return false
          const outcome = POLICY.find((r) => r.action === a)!.outcomes[role]
          if (outcome === 'own') {
            if (role === 'grid_manager' && !me.grids.includes(issue.grid_code)) return false
            if (role === 'group_leader' && issue.group_code !== me.group_code) return false
          } else if (outcome !== 'allow') return false
          const rectifiedBy = [...issue.events].reverse().find((e: Json) => e.action === 'rectify')?.actor
          return !((a === 'approve' || a === 'reject') && rectifiedBy === me.username)
        })
        expect(shown.sort(), `${role} on ${st}`).toEqual([...expected].sort())
        // 督办 by hand: the permission table's own row, on open issues only.
        const supervise =
          POLICY.find((r) => r.key === 'POST /issues/:id/supervise')!.outcomes[role] === 'allow' && (OPEN_STATUSES as readonly string[]).includes(st)
        expect(!!(await g.page.$('[data-testid="sheet-supervise"]')), `${role} 督办 on ${st}`).toBe(supervise)
        allowedSeen += expected.length
      }
      expect(g.errors).toEqual([])
    }
    expect(allowedSeen).toBeGreaterThan(10)
  })

  it('measures a square drawn on /plan within 1 % of Turf and keeps the map still while drawing', async () => {
    const g = await s.open('/plan', { width: 1440, height: 900 }, 1, LEADER)
    await waitForMap(g)
    await g.page.waitForSelector('section.map[data-view]')
    // Let the first fit settle before reading the view.
    await g.page.waitForTimeout(1500)
    const view = await g.page.getAttribute('section.map', 'data-view')
    const box = (await (await g.page.$('section.map'))!.boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    await g.page.click('[data-testid="draw-start"]')
    for (const [dx, dy] of [
      [-80, -80],
      [80, -80],
      [80, 80],
      [-80, 80],
    ]) {
      await g.page.mouse.click(cx + dx, cy + dy)
      await g.page.waitForTimeout(400)
      expect(await g.page.getAttribute('section.map', 'data-view')).toBe(view)
    }
    const asked = g.page.waitForRequest((r) => r.url().endsWith('/api/v1/analysis/area') && r.method() === 'POST')
    await g.page.click('[data-testid="draw-finish"]')
    const polygon = (await asked).postDataJSON().polygon as Json
    await g.page.waitForSelector('[data-testid="area-panel"][data-state="ready"]', { timeout: 180_000 })
    const shown = Number(await g.page.getAttribute('[data-testid="area-m2"]', 'data-value'))
    // The panel measures the part inside the street, so Turf measures the same intersection.
    const boundary = ((await (await fetch(`${s.url()}/api/v1/layers/boundary`)).json()) as Json).features[0]
    const want = turf.area(
      turf.intersect(turf.featureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>([turf.feature(polygon as GeoJSON.Polygon), boundary]))!,
    )
    expect(want).toBeGreaterThan(10_000)
    expect(Math.abs(shown - want) / want).toBeLessThan(0.01)
    // Four corners 160 px apart in a still map: a square on the ground too (sides within 1 %).
    const ring = (polygon.geometry ?? polygon).coordinates[0] as [number, number][]
    const sides = [0, 1, 2, 3].map((k) => turf.distance(ring[k], ring[k + 1], { units: 'meters' }))
    expect(Math.max(...sides) / Math.min(...sides)).toBeLessThan(1.01)
    expect(await g.page.getAttribute('section.map', 'data-view')).toBe(view)
    expect(g.errors).toEqual([])
  })
})
