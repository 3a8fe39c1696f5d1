/**
 * /plan: for a fixed custom window the headline numbers are those /stats/summary returns for the same
 * half-open window, and choosing a community changes them to the API's numbers for that community.
 * The view needs a login: the test signs in as the demo leader.
 */
import { describe, expect, it } from 'vitest'
import type { GuardedPage } from './harness/browser.ts'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

type Summary = { total: number; open: number; overdue: number; closed: number }
type Indicator = { on_time_rate: number | null; rework_rate: number | null; mean_hours_to_close: number | null }
const pct = (r: number | null) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)
// Inclusive calendar dates in the UI; the API window is [from 00:00, day after `to` 00:00) in +08:00.
const FROM = '2026-08-01'
const TO = '2026-10-31'
const API_WINDOW = `from=${encodeURIComponent('2026-08-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-01T00:00:00+08:00')}`

async function shown(g: GuardedPage): Promise<Summary> {
  const n = async (id: string) => Number(await g.page.textContent(`[data-testid="plan-${id}"]`))
  return { total: await n('total'), open: await n('open'), overdue: await n('overdue'), closed: await n('closed') }
}

describe('/plan filters', () => {
  const s = useSession()
  const api = async (q: string): Promise<Summary> => (await fetch(`${s.url()}/api/v1/stats/summary?${q}`)).json() as Promise<Summary>

  it("shows the API's numbers for the window, then for a chosen community", async () => {
    const g = await s.open(`/plan?range=custom&from=${FROM}&to=${TO}`, undefined, undefined, LEADER)
    await waitForMap(g)
    await g.page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="plan-total"]')?.textContent ?? ''))
    const whole = await api(API_WINDOW)
    expect(whole.total).toBeGreaterThan(0)
    expect(await shown(g)).toEqual({ total: whole.total, open: whole.open, overdue: whole.overdue, closed: whole.closed })
    // The closed-loop indicators for the same window, as /indicators computes them.
    const ind = ((await (await fetch(`${s.url()}/api/v1/indicators?by=street&${API_WINDOW}`)).json()) as { rows: Indicator[] }).rows[0]
    expect(ind.on_time_rate).not.toBeNull()
    await g.page.waitForFunction(() => document.querySelector('[data-testid="plan-on-time"]')?.textContent !== '—')
    expect(await g.page.textContent('[data-testid="plan-on-time"]')).toBe(pct(ind.on_time_rate))
    expect(await g.page.textContent('[data-testid="plan-rework"]')).toBe(pct(ind.rework_rate))
    expect(await g.page.textContent('[data-testid="plan-mean-close"]')).toBe(ind.mean_hours_to_close!.toFixed(1))

    const community = await g.page.$eval('[data-testid="community-select"] option:nth-child(3)', (o) => (o as HTMLOptionElement).value)
    await g.page.selectOption('[data-testid="community-select"]', community)
    const one = await api(`${API_WINDOW}&community=${community}`)
    expect(one.total).toBeLessThan(whole.total)
    await g.page.waitForFunction((t) => document.querySelector('[data-testid="plan-total"]')?.textContent === String(t), one.total)
    expect(await shown(g)).toEqual({ total: one.total, open: one.open, overdue: one.overdue, closed: one.closed })
    expect(new URL(g.page.url()).searchParams.get('community')).toBe(community)
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  })
})
