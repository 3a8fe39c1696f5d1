/**
 * 督查测评 in the browser: an inspector plans a round on the phone and walks a 3-point round at
 * 375×812, failing one item with a photo (scores and the opened issue checked against the API and the
 * checklist); the new issue comes up on the wall; a leader opens the week's ranking on /plan (rows,
 * ranks and the community's score equal to the API's and to a mean taken here) and downloads the 通报,
 * whose Word XML names the community and its score.
 */
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { INSPECTOR, LEADER } from './harness/accounts.ts'
import { canvasPhoto } from './harness/photo.ts'
import { loginCookie, useSession, waitForMap, type Account } from './harness/session.ts'

const PHONE = { width: 375, height: 812 }
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

describe('督查测评 in the browser', () => {
  const s = useSession()
  const cookies: Record<string, string> = {}
  let community = ''
  let three: string[] = []
  let failedIssue = 0
  let week = ''

  async function call(method: string, path: string, who: Account, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${s.url()}/api/v1${path}`, {
      method,
      headers: { cookie: cookies[who[0]], ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, body: (await res.json()) as Json }
  }

  beforeAll(async () => {
    for (const [u, pw] of [INSPECTOR, LEADER]) {
      cookies[u] = await loginCookie(s.url(), [u, pw])
    }
    // Three points of the community with the most points, by code.
    const points = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features as Json[]
    const per = new Map<string, Json[]>()
    for (const p of points) per.set(p.properties.community_code, [...(per.get(p.properties.community_code) ?? []), p])
    const [code, list] = [...per].sort((a, b) => b[1].length - a[1].length)[0]
    community = code
    three = list
      .map((p) => p.properties.code as string)
      .sort()
      .slice(0, 3)
  })

  it('plans a round for a community on the phone: the walking order is the server’s and counts every point', async () => {
    const g = await s.open('/rounds', PHONE, 2, INSPECTOR)
    await g.page.waitForSelector(`[data-testid="round-community"] option[value="${community}"]`, { state: 'attached' })
    await g.page.selectOption('[data-testid="round-community"]', community)
    await g.page.uncheck('[data-testid="round-not-this-week"]')
    await g.page.click('[data-testid="round-start"]')
    await g.page.waitForURL(/\/rounds\/\d+$/)
    const id = Number(new URL(g.page.url()).pathname.split('/').pop())
    const round = (await call('GET', `/rounds/${id}`, INSPECTOR)).body
    const points = ((await (await fetch(`${s.url()}/api/v1/layers/points`)).json()) as Json).features.filter(
      (p: Json) => p.properties.community_code === community,
    )
    expect(round.order.length).toBe(points.length)
    await g.page.waitForSelector('[data-testid="round-progress"]')
    expect(await g.page.textContent('[data-testid="round-progress"] b')).toBe(`第 1/${points.length} 个点位`)
    // The numbered stops on the map follow the walking order.
    const stops = await g.page.$$eval('[data-testid="round-stop"]', (els) => els.map((e) => [(e as HTMLElement).dataset.code, e.textContent]))
    expect(stops.map(([c]) => c)).toEqual(round.order)
    expect(stops.map(([, n]) => n)).toEqual(round.order.map((_: string, i: number) => String(i + 1)))
    expect(await g.page.getAttribute('[data-testid="round-point"]', 'data-code')).toBe(round.order[0])
    expect(g.errors).toEqual([])
  }, 180_000)

  it('walks a 3-point round, failing one item with a photo: scores and the opened issue are what the checklist says', async () => {
    const made = await call('POST', '/rounds', INSPECTOR, { points: three })
    expect(made.status).toBe(201)
    const order = made.body.order as string[]
    const g = await s.open(`/rounds/${made.body.id}`, PHONE, 2, INSPECTOR)
    await waitForMap(g, 60_000)
    const expected: number[] = []
    for (let k = 0; k < 3; k++) {
      await g.page.waitForSelector(`[data-testid="round-point"][data-code="${order[k]}"]`)
      await g.page.waitForSelector('[data-testid="point-form"][data-state="ready"]')
      expect(await g.page.textContent('[data-testid="round-progress"] b')).toBe(`第 ${k + 1}/3 个点位`)
      const cls = made.body.points.find((p: Json) => p.code === order[k]).class_code
      const checklist = (await call('GET', `/checklists?class=${cls}`, INSPECTOR)).body[0]
      if (k === 1) {
        // The first item fails, with a note and a photo from the camera.
        const first = checklist.items[0]
        await g.page.click(`[data-item="${first.code}"] [data-testid="item-fail"]`)
        await g.page.fill(`[data-item="${first.code}"] [data-testid="item-note"]`, '垃圾桶满溢')
        await g.page.setInputFiles(`[data-item="${first.code}"] [data-testid="item-photo"]`, [
          { name: 'p.png', mimeType: 'image/png', buffer: await canvasPhoto(g.page, '#c63') },
        ])
        await g.page.waitForSelector(`[data-item="${first.code}"] .photos img`)
        expected.push(Math.max(0, 100 - first.points))
      } else expected.push(100)
      await g.page.click('[data-testid="all-pass"]')
      expect(await g.page.textContent('[data-testid="form-score"]')).toBe(`${expected[k]} 分`)
      // Every button of the form is a thumb's size.
      const small = await g.page.$$eval(
        '[data-testid="point-form"] button',
        (els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 44 || r.width < 44)).length,
      )
      expect(small).toBe(0)
      await g.page.click('[data-testid="point-submit"]')
      const result = await g.page.waitForSelector('[data-testid="round-result"]')
      expect(Number(await result.getAttribute('data-score'))).toBe(expected[k])
      if (k === 1) {
        const link = await g.page.textContent('[data-testid="round-result"] li a')
        failedIssue = Number(link!.replace('#', ''))
        const issue = (await call('GET', `/issues/${failedIssue}`, INSPECTOR)).body
        expect(issue.properties.category).toBe(checklist.items[0].category)
        expect(issue.properties.description).toContain('垃圾桶满溢')
        expect(issue.properties.photos.length).toBe(1)
      }
      if (k < 2) await g.page.click('[data-testid="round-next"]')
    }
    await g.page.waitForSelector('[data-testid="round-progress"][data-done="3"]')
    const latest = (await call('GET', `/inspections?community=${community}&latest=1`, INSPECTOR)).body.inspections as Json[]
    week = latest[0].week
    for (let k = 0; k < 3; k++) expect(latest.find((x) => x.point_code === order[k])!.score).toBe(expected[k])
    expect(g.errors).toEqual([])
  }, 240_000)

  it('shows the issue the failed item opened on the wall', async () => {
    expect(failedIssue).toBeGreaterThan(0)
    const g = await s.open('/screen', { width: 1920, height: 1080 })
    await g.page.waitForSelector(`[data-testid="newest"] .row[data-issue="${failedIssue}"]`, { timeout: 90_000 })
    await g.page.waitForSelector('[data-testid="assess-wall"]')
  }, 180_000)

  it('gives the leader the week’s ranking equal to the API and a 通报 in Word that names the community and its score', async () => {
    expect(week).toMatch(/^\d{4}-W\d{2}$/)
    const g = await s.open('/plan', { width: 1440, height: 900 }, 1, LEADER)
    await waitForMap(g)
    await g.page.click('[data-testid="assess-panel"] summary')
    await g.page.waitForSelector('[data-testid="assess-panel"][data-state="ready"]')
    const api = (await call('GET', `/assessments/weekly?week=${week}&level=community`, LEADER)).body
    const shown = await g.page.$$eval('[data-testid="assess-panel"] tbody tr', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.code, (e as HTMLElement).dataset.rank, (e as HTMLElement).dataset.flag]),
    )
    expect(shown).toEqual(api.rows.map((r: Json) => [r.code, r.rank === null ? '' : String(r.rank), r.flag ?? '']))
    // The community's score: the mean of each point's latest score this week, taken here from the inspections.
    const latest = (await call('GET', `/inspections?community=${community}&week=${week}&latest=1`, LEADER)).body.inspections as Json[]
    const mean = Math.round((latest.reduce((a, x) => a + x.score, 0) / latest.length) * 10) / 10
    const score = (await g.page.textContent(`[data-testid="assess-panel"] tr[data-code="${community}"] .score`))!.trim()
    expect(Number(score)).toBeCloseTo(mean, 5)
    // Its points and failed items.
    await g.page.click(`[data-testid="assess-panel"] tr[data-code="${community}"]`)
    await g.page.waitForSelector('[data-testid="assess-unit"] li')
    expect(await g.page.$$eval('[data-testid="assess-unit"] li', (els) => els.length)).toBe(latest.length)
    expect(await g.page.textContent('[data-testid="assess-unit"]')).toContain(`#${failedIssue}`)

    await g.page.fill('[data-testid="assess-week"]', week)
    const [download] = await Promise.all([g.page.waitForEvent('download'), g.page.click('[data-testid="bulletin-docx"]')])
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!))
    const xml = await zip.file('word/document.xml')!.async('string')
    const name = api.rows.find((r: Json) => r.code === community).name
    expect(xml).toContain(name)
    expect(xml).toContain(mean.toFixed(1))
    expect(g.errors).toEqual([])
  }, 240_000)
})
