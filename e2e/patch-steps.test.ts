/**
 * The closed loop on a phone: a grid manager opens an assigned issue of their grid, starts the
 * rectification, is told in Chinese that "rectified" needs evidence, attaches a camera photo and
 * marks it rectified; an inspector then passes the 回头看 and the issue is 已销号. The server's
 * record (status, timeline, photo) is checked through the API after each phone step.
 */
import * as turf from '@turf/turf'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { INSPECTOR, LEADER } from './harness/accounts.ts'
import type { Account } from './harness/session.ts'
import { loginCookie, useSession } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
const GRID_MANAGER: Account = ['grid01', DEMO_PASSWORD]
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

describe('/patch: the steps of the loop from a phone', () => {
  const s = useSession()
  const cookies: Record<string, string> = {}
  let grid = ''
  let id = 0

  async function call(method: string, path: string, who: Account, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie: cookies[who[0]], ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }

  beforeAll(async () => {
    for (const [u, pw] of [GRID_MANAGER, INSPECTOR, LEADER]) {
      cookies[u] = await loginCookie(s.url(), [u, pw])
    }
    grid = (await call('GET', '/auth/me', GRID_MANAGER)).body.user.grids[0]
    const grids = (await (await fetch(`${s.url()}/api/v1/layers/grids`)).json()) as Json
    const [lon, lat] = turf.pointOnFeature(grids.features.find((f: Json) => f.properties.code === grid)).geometry.coordinates
    const made = await call('POST', '/issues', INSPECTOR, { lon, lat, category: 'clutter', description: '手机端闭环测试：楼道口杂物堆放' })
    expect(made.status).toBe(201)
    id = made.body.id
    expect((await call('POST', `/issues/${id}/transitions`, LEADER, { action: 'assign' })).status).toBe(200)
  })

  /** A camera-sized photo (PNG from a canvas); the phone shrinks and re-encodes it before upload. */
  async function photo(g: { page: Page }): Promise<Buffer> {
    const url = await g.page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 2400
      c.height = 1800
      const ctx = c.getContext('2d')!
      ctx.fillStyle = '#3a7'
      ctx.fillRect(0, 0, 2400, 1800)
      ctx.fillStyle = '#fff'
      ctx.fillRect(400, 300, 1200, 900)
      return c.toDataURL('image/png')
    })
    return Buffer.from(url.split(',')[1], 'base64')
  }

  it('lets the grid manager start and rectify with a photo, and the inspector close it', async () => {
    const g = await s.open(`/patch?grid=${grid}`, PHONE, 1, GRID_MANAGER)
    await g.page.click(`[data-testid="patch-issue"][data-id="${id}"]`)
    await g.page.waitForSelector('[data-testid="sheet-timeline"] li')
    const status = () => g.page.textContent('[data-testid="sheet-status"]')
    expect(await status()).toBe('已交办')
    // A grid manager is offered the rectification steps, not the re-inspection.
    expect(await g.page.$('[data-testid="step-approve"]')).toBeNull()

    await g.page.click('[data-testid="step-start"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-status"]')?.textContent === '整改中')
    expect((await call('GET', `/issues/${id}`, LEADER)).body.properties.status).toBe('rectifying')

    await g.page.click('[data-testid="step-rectify"]')
    expect(await g.page.textContent('[data-testid="sheet-error"]')).toBe('整改完成需附整改后照片或文字说明')
    expect((await call('GET', `/issues/${id}`, LEADER)).body.properties.status).toBe('rectifying')

    await g.page.setInputFiles('[data-testid="sheet-photo"]', { name: 'after.png', mimeType: 'image/png', buffer: await photo(g) })
    await g.page.waitForSelector('.photos img')
    await g.page.click('[data-testid="step-rectify"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-status"]')?.textContent === '已整改')
    const rectified = (await call('GET', `/issues/${id}`, LEADER)).body.properties
    expect(rectified.status).toBe('rectified')
    expect(rectified.events.map((e: Json) => e.action)).toEqual(['report', 'assign', 'start', 'rectify'])
    expect(rectified.events[3].actor).toBe('grid01')
    expect(rectified.photos).toHaveLength(1)
    // What was uploaded is the shrunken JPEG, not the 2400×1800 original.
    const img = await fetch(`${s.url()}/api/v1/photos/${rectified.photos[0]}`, { headers: { cookie: cookies.leader } })
    expect(img.headers.get('content-type')).toBe('image/jpeg')
    expect(g.errors).toEqual([])

    const i = await s.open(`/patch?grid=${grid}`, PHONE, 1, INSPECTOR)
    await i.page.click(`[data-testid="patch-issue"][data-id="${id}"]`)
    await i.page.waitForSelector('[data-testid="step-approve"]')
    expect(await i.page.$('[data-testid="step-start"]')).toBeNull()
    await i.page.click('[data-testid="step-approve"]')
    await i.page.waitForFunction(() => document.querySelector('[data-testid="sheet-status"]')?.textContent === '已销号')
    expect((await call('GET', `/issues/${id}`, LEADER)).body.properties.status).toBe('closed')
    expect(i.errors).toEqual([])
    expect([...g.foreign, ...i.foreign]).toEqual([])
  })
})
