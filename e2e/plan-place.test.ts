/**
 * /plan's drill-down: clicking a community opens its panel; its main problems equal a count by
 * category of the community's issues read from GET /issues under the page's own filter; its 超期
 * number opens exactly the community's open cases past their deadline; 督办 from that list reaches
 * the issue's timeline.
 */
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely
const OPEN = ['reported', 'assigned', 'rectifying', 'rectified']

describe('/plan: from a place to its causes and cases', () => {
  const s = useSession()

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
    const res = await g.context.request.get(`${s.url()}/api/v1/issues?community=${code}&${window}&limit=5000`)
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

    // 超期: open and past the deadline (the server's clock is this machine's).
    const now = Date.now()
    const overdue = issues.filter((f) => OPEN.includes(f.properties.status) && f.properties.deadline && Date.parse(f.properties.deadline) < now)
    expect(overdue.length).toBeGreaterThan(0)
    expect(Number(await g.page.textContent('[data-testid="place-overdue"]'))).toBe(overdue.length)
    await g.page.click('[data-testid="place-overdue"]')
    await g.page.waitForSelector('[data-testid="place-cases"] li')
    const cases = await g.page.$$eval('[data-testid="place-cases"] li', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))
    expect([...cases].sort((a, b) => a - b)).toEqual(overdue.map((f) => f.properties.id).sort((a: number, b: number) => a - b))

    // 督办 from the list reaches the issue's timeline.
    const first = cases[0]
    await g.page.click(`[data-testid="place-cases"] li[data-id="${first}"]`)
    await g.page.click('[data-testid="sheet-supervise"]')
    await g.page.fill('[data-testid="confirm-note"]', '超期未整改，请三日内办结')
    await g.page.click('[data-testid="confirm-go"]')
    await g.page.waitForFunction(() => document.querySelector('[data-testid="sheet-timeline"]')?.textContent?.includes('超期未整改，请三日内办结'))
    const detail = (await (await g.context.request.get(`${s.url()}/api/v1/issues/${first}`)).json()) as Json
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
    const issues = ((await (await g.context.request.get(`${s.url()}/api/v1/issues?${window}&limit=5000`)).json()) as Json).features as Json[]
    const now = Date.now()
    const late = new Map<string, number>()
    for (const f of issues)
      if (OPEN.includes(f.properties.status) && f.properties.deadline && Date.parse(f.properties.deadline) < now)
        late.set(f.properties.group_code, (late.get(f.properties.group_code) ?? 0) + 1)
    expect(rows.length).toBeGreaterThan(3)
    for (const r of rows) expect(r.overdue, r.key).toBe(late.get(r.key) ?? 0)
    const rates = rows.map((r) => (r.onTime === '—' ? Infinity : Number(r.onTime.replace('%', ''))))
    expect(rates.every((v, k) => k === 0 || v >= rates[k - 1])).toBe(true)
    expect(g.errors).toEqual([])
  })

  it('explains each KPI tile and shows its change against the window before, as the API computes both windows', async () => {
    const g = await s.open('/plan?range=30d', { width: 1440, height: 900 }, 1, LEADER)
    const asked = g.page.waitForRequest((r) => r.url().includes('/api/v1/indicators') && r.url().includes('by=street'))
    const q = new URL((await asked).url()).searchParams
    const from = Date.parse(q.get('from')!)
    const to = Date.parse(q.get('to')!)
    const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00'
    const get = async (path: string) => (await (await g.context.request.get(`${s.url()}/api/v1${path}`)).json()) as Json
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
    expect(titles).toHaveLength(10)
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
