/**
 * /plan's drill-down: clicking a community opens its panel; its main problems equal a count by
 * category of the community's issues read from GET /issues under the page's own filter; its 超期
 * number opens exactly the community's open cases past their deadline; 督办 from that list reaches
 * the issue's timeline.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely
const OPEN = ['reported', 'assigned', 'rectifying', 'rectified']

/** Once more after a reset keep-alive socket (the server closes idle ones while the page is being watched). */
async function again<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (e) {
    if (!/ECONNRESET|socket hang up/.test(String(e))) throw e
    return call()
  }
}

/** Every case of a list, walking its server pages with 加载更多 until none remain. */
async function allCases(page: Page, list: string): Promise<number[]> {
  await page.waitForSelector(`${list}[data-state="ready"]`, { timeout: 60_000 })
  while (await page.$(`${list} [data-testid="cases-more"]`)) {
    const before = (await page.$$(`${list} li`)).length
    await page.click(`${list} [data-testid="cases-more"]`)
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} li`).length > Number(n), [list, before] as const)
    await page.waitForSelector(`${list}[data-state="ready"]`)
  }
  return page.$$eval(`${list} li`, (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))
}

describe('/plan: from a place to its causes and cases', () => {
  const s = useSession()

  it("lists the street's cases behind 超期 and 在办, exactly those the API flags, page by page", async () => {
    const g = await s.open('/plan?range=365d', { width: 1440, height: 900 }, 1, LEADER)
    await waitForMap(g)
    // The page's own window, read from its request (a reload asks again).
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/stats/summary'))
    await g.page.reload()
    const query = new URL((await asked).url()).searchParams
    await g.page.waitForFunction(() => document.querySelector('[data-testid="plan-overdue"]')?.textContent?.trim() !== '—')
    const window = `from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}`
    const issues = ((await (await again(() => g.context.request.get(`${s.url()}/api/v1/issues?${window}&limit=5000`))).json()) as Json)
      .features as Json[]
    for (const [measure, keep] of [
      ['overdue', (f: Json) => f.properties.overdue === true],
      ['open', (f: Json) => OPEN.includes(f.properties.status)],
    ] as const) {
      const want = issues.filter(keep).map((f) => f.properties.id as number)
      expect(want.length).toBeGreaterThan(0)
      expect(Number(await g.page.textContent(`[data-testid="plan-${measure}"]`))).toBe(want.length)
      await g.page.click(`[data-testid="plan-${measure}-cases"]`)
      await g.page.waitForSelector(`[data-testid="street-cases"] [data-testid="case-list"][data-measure="${measure}"]`)
      const shown = await allCases(g.page, '[data-testid="street-cases"] [data-testid="case-list"]')
      // Newest first, as the server pages them.
      expect(shown).toEqual(want)
    }
    // The ranking table's last column is not cut at 1440 px.
    expect(await g.page.$eval('.table-wrap', (e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
    expect(g.errors).toEqual([])
  })

  it('opens a community: main problems, overdue cases and 督办, each equal to the API', async () => {
    const g = await s.open('/plan?level=communities&range=365d', { width: 1440, height: 900 }, 1, LEADER)
    await waitForMap(g)
    // The community with the most overdue cases in the table.
    await g.page.waitForSelector('table tbody tr[data-code]')
    const code = await g.page.$$eval('table tbody tr[data-code]', (rows) => {
      const n = (r: Element) => Number(r.querySelector('td[data-col="overdue"]')!.textContent)
      return [...rows].sort((a, b) => n(b) - n(a))[0].getAttribute('data-code')!
    })
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/stats/summary') && r.url().includes(`community=${code}`))
    await g.page.click(`table tbody tr[data-code="${code}"]`)
    const query = new URL((await asked).url()).searchParams
    await g.page.waitForSelector('[data-testid="place-panel"][data-state="ready"]', { timeout: 60_000 })

    // The community's issues under the page's window, counted by category here.
    const window = `from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}`
    const res = await again(() => g.context.request.get(`${s.url()}/api/v1/issues?community=${code}&${window}&limit=5000`))
    const issues = ((await res.json()) as Json).features as Json[]
    expect(issues.length).toBeGreaterThan(0)
    const byCat = new Map<string, number>()
    for (const f of issues) byCat.set(f.properties.category, (byCat.get(f.properties.category) ?? 0) + 1)
    const top = [...byCat].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5)
    const shown = await g.page.$$eval('[data-testid="place-top"] li', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.category!, Number(e.querySelector('b')!.textContent)]),
    )
    expect(shown).toEqual(top)
    expect(Number(await g.page.textContent('[data-testid="place-total"]'))).toBe(issues.length)
    // 责任整治组: the groups of the community's problems, most first, each with its count.
    await g.page.waitForSelector('[data-testid="place-analysis"][data-state="ready"]', { timeout: 90_000 })
    const byGroup = new Map<string, number>()
    for (const f of issues) if (f.properties.group_code) byGroup.set(f.properties.group_code, (byGroup.get(f.properties.group_code) ?? 0) + 1)
    const shownGroups = await g.page.$$eval('[data-testid="place-groups"] li', (els) =>
      els.map((e) => [(e as HTMLElement).dataset.key!, Number((e as HTMLElement).dataset.total)]),
    )
    expect(shownGroups.length).toBeGreaterThan(0)
    for (const [key, n] of shownGroups) expect(n, String(key)).toBe(byGroup.get(String(key)))
    expect(Math.max(...byGroup.values())).toBe(shownGroups[0][1])

    // 超期: open and past the deadline (the server's clock is this machine's).
    const now = Date.now()
    const overdue = issues.filter((f) => OPEN.includes(f.properties.status) && f.properties.deadline && Date.parse(f.properties.deadline) < now)
    expect(overdue.length).toBeGreaterThan(0)
    expect(Number(await g.page.textContent('[data-testid="place-overdue"]'))).toBe(overdue.length)
    await g.page.click('[data-testid="place-overdue"]')
    const cases = await allCases(g.page, '[data-testid="place-panel"] [data-testid="case-list"]')
    expect([...cases].sort((a, b) => a - b)).toEqual(overdue.map((f) => f.properties.id).sort((a: number, b: number) => a - b))

    // The trend's weeks count the community's reports per week (Monday 00:00 +08:00), as the raw list does.
    const all = ((await (await again(() => g.context.request.get(`${s.url()}/api/v1/issues?community=${code}&limit=5000`))).json()) as Json)
      .features as Json[]
    await g.page.waitForSelector('[data-testid="place-analysis"][data-state="ready"]', { timeout: 90_000 })
    const weeks = await g.page.$$eval('[data-testid="place-trend"] .wk', (els) => els.map((e) => Number((e as HTMLElement).dataset.total)))
    const DAY = 86_400_000
    const local = Date.now() + 8 * 3600_000
    const monday = local - (local % DAY) - ((new Date(local).getUTCDay() + 6) % 7) * DAY - 8 * 3600_000
    const expectedWeeks = weeks.map((_, i) => {
      const from = monday - (weeks.length - 1 - i) * 7 * DAY
      return all.filter((f) => Date.parse(f.properties.reported_at) >= from && Date.parse(f.properties.reported_at) < from + 7 * DAY).length
    })
    expect(weeks).toHaveLength(8)
    expect(weeks).toEqual(expectedWeeks)
    // 每km²: the place's count over its area, as the server's area analysis of the same outline says.
    const perKm2 = Number(await g.page.textContent('[data-testid="place-per-km2"]'))
    const communities = (await (await again(() => g.context.request.get(`${s.url()}/api/v1/layers/communities`))).json()) as Json
    const outline = communities.features.find((f: Json) => f.properties.code === code).geometry
    const polygon = outline.type === 'Polygon' ? outline : { type: 'Polygon', coordinates: outline.coordinates[0] }
    const area = (await (
      await again(() =>
        g.context.request.post(`${s.url()}/api/v1/analysis/area`, { data: { polygon, from: query.get('from'), to: query.get('to') } }),
      )
    ).json()) as Json
    expect(perKm2).toBeCloseTo(area.counts.per_km2, 1)
    expect(area.counts.total).toBe(issues.length)

    // 督办 from the list reaches the issue's timeline.
    const first = cases[0]
    await g.page.click(`[data-testid="place-panel"] [data-testid="case-list"] li[data-id="${first}"]`)
    await g.page.click('[data-testid="sheet-supervise"]')
    await g.page.fill('[data-testid="confirm-note"]', '超期未整改，请三日内办结')
    await g.page.click('[data-testid="confirm-go"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-timeline"]')?.textContent?.includes('超期未整改，请三日内办结'))
    const detail = (await (await again(() => g.context.request.get(`${s.url()}/api/v1/issues/${first}`))).json()) as Json
    expect(detail.properties.events.at(-1)).toMatchObject({ action: 'supervise', actor: 'leader', note: '超期未整改，请三日内办结' })
    expect(g.errors).toEqual([])
  })

  it("ranks the 整治组 weakest 按期结案率 first, each group's overdue equal to its open cases past the deadline", async () => {
    const g = await s.open('/plan?range=365d', { width: 1440, height: 900 }, 1, LEADER)
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/indicators') && r.url().includes('by=group'))
    const query = new URL((await asked).url()).searchParams
    await g.page.waitForSelector('[data-testid="group-rank"][data-state="ready"] tbody tr')
    const rows = await g.page.$$eval('[data-testid="group-rank"] tbody tr', (els) =>
      els.map((e) => ({
        key: (e as HTMLElement).dataset.key!,
        overdue: Number(e.children[3].textContent),
        onTime: e.querySelector('[data-col="on_time_rate"]')!.textContent!.trim(),
      })),
    )
    const window = `from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}`
    const issues = ((await (await again(() => g.context.request.get(`${s.url()}/api/v1/issues?${window}&limit=5000`))).json()) as Json)
      .features as Json[]
    const now = Date.now()
    const late = new Map<string, number>()
    for (const f of issues)
      if (OPEN.includes(f.properties.status) && f.properties.deadline && Date.parse(f.properties.deadline) < now)
        late.set(f.properties.group_code, (late.get(f.properties.group_code) ?? 0) + 1)
    expect(rows.length).toBeGreaterThan(3)
    for (const r of rows) expect(r.overdue, r.key).toBe(late.get(r.key) ?? 0)
    const rates = rows.map((r) => (r.onTime === '—' ? Infinity : Number(r.onTime.replace('%', ''))))
    expect(rates.every((v, k) => k === 0 || v >= rates[k - 1])).toBe(true)

    // A group's row opens its panel: its overdue cases are exactly its open issues past the deadline.
    const worst = rows.find((r) => r.overdue > 0)!
    await g.page.click(`[data-testid="group-rank"] tbody tr[data-key="${worst.key}"]`)
    await g.page.waitForSelector(`[data-testid="group-panel"][data-key="${worst.key}"]`)
    const cases = await allCases(g.page, '[data-testid="group-panel"] [data-testid="case-list"]')
    const want = issues
      .filter((f) => f.properties.group_code === worst.key && OPEN.includes(f.properties.status) && Date.parse(f.properties.deadline) < now)
      .map((f) => f.properties.id as number)
    expect(cases).toEqual(want)
    expect(g.errors).toEqual([])
  })

  it('explains each KPI tile and shows its change against the window before, as the API computes both windows', async () => {
    const g = await s.open('/plan?range=30d', { width: 1440, height: 900 }, 1, LEADER)
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/indicators') && r.url().includes('by=street'))
    const q = new URL((await asked).url()).searchParams
    const from = Date.parse(q.get('from')!)
    const to = Date.parse(q.get('to')!)
    const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00'
    const get = async (path: string) => (await (await again(() => g.context.request.get(`${s.url()}/api/v1${path}`))).json()) as Json
    const win = (a: number, b: number) => `from=${encodeURIComponent(iso(a))}&to=${encodeURIComponent(iso(b))}`
    const [now, before] = [await get(`/indicators?by=street&${win(from, to)}`), await get(`/indicators?by=street&${win(from - (to - from), from)}`)]
    const [sNow, sBefore] = [await get(`/stats/summary?${win(from, to)}`), await get(`/stats/summary?${win(from - (to - from), from)}`)]
    await g.page.waitForSelector('[data-testid="plan-on-time-delta"]')
    const points = Math.round((now.rows[0].on_time_rate - before.rows[0].on_time_rate) * 1000) / 10
    expect(Number(await g.page.getAttribute('[data-testid="plan-on-time-delta"]', 'data-value'))).toBeCloseTo(points, 5)
    const total = Math.round(((sNow.total - sBefore.total) / sBefore.total) * 1000) / 10
    expect(Number(await g.page.getAttribute('[data-testid="plan-total-delta"]', 'data-value'))).toBeCloseTo(total, 5)
    // Every tile says what it measures.
    const titles = await g.page.$$eval('[data-tile]', (els) => els.map((e) => e.getAttribute('title') ?? ''))
    // 问题总数…整改率, 按期结案率, 返工率, 回访满意率, 12345按时办结率, 平均办结, 90%办结, 市民上报, 上报受理率, 市民满意率.
    expect(titles).toHaveLength(15)
    expect(titles.find((x) => x.includes('回访'))).toBeTruthy()
    expect(titles.find((x) => x.includes('随手拍'))).toBeTruthy()
    expect(titles.every((x) => x.length > 4)).toBe(true)
    expect(titles.find((x) => x.startsWith('按期结案率'))).toContain('工作')
    expect(await g.page.getAttribute('[data-sort="per_km2"]', 'title')).toContain('面积')
    // Status chips: one chosen, then 全部 clears the choice (no status in the address).
    await g.page.click('[data-status="rectified"]')
    await g.page.waitForFunction(() => location.search.includes('status=rectified'))
    await g.page.click('[data-status="all"]')
    await g.page.waitForFunction(() => !location.search.includes('status='))
    expect(await g.page.getAttribute('[data-status="all"]', 'class')).toContain('on')
    expect(g.errors).toEqual([])
  })
})
