/**
 * /screen runs unattended for days: each refresh must leave nothing behind. The test refreshes the
 * wall display many times through its own controls (each switch of the time window refetches every
 * panel and redraws the heatmap, the same path the 30-second poll and the live stream take) and
 * checks that the DOM, the event listeners and the heap's application objects do not grow, and that
 * a switch made while a refresh is in flight is not lost.
 */
import { describe, expect, it } from 'vitest'
import { heapTally } from './harness/heap.ts'
import { useSession, waitForMap } from './harness/session.ts'

const WARM_UP = 4
const ROUNDS = 12
/** Allowed growth of application objects over ROUNDS refreshes: a leaked issue list is ~1 MB each. */
const MAX_APP_GROWTH = 256 * 1024

/** Midnight in Asia/Shanghai `days` days from today, as the API's local date-time. */
function shanghaiDay(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000)
  return `${d.toISOString().slice(0, 10)}T00:00:00`
}

describe('/screen over many refreshes', () => {
  const s = useSession()

  it('keeps its memory flat and follows the last window chosen', async () => {
    const g = await s.open('/screen', { width: 1280, height: 720 })
    await waitForMap(g, 60_000)
    const cdp = await g.context.newCDPSession(g.page)
    const buttons = await g.page.$$('.windows button')
    expect(buttons).toHaveLength(3)

    let n = 0
    async function refreshes(count: number) {
      for (let i = 0; i < count; i++) {
        n++
        const answered = g.page.waitForResponse((r) => r.url().includes('/api/v1/stats/communities'), { timeout: 60_000 })
        await buttons[n % 3].click()
        await answered
        await g.page.waitForLoadState('networkidle')
      }
    }

    await refreshes(WARM_UP)
    const before = await heapTally(cdp, g.page)
    await refreshes(ROUNDS)
    const after = await heapTally(cdp, g.page)
    console.log(
      `screen soak: app objects ${before.appBytes} → ${after.appBytes} B, code+native ${before.otherBytes} → ${after.otherBytes} B, nodes ${before.nodes} → ${after.nodes}, listeners ${before.listeners} → ${after.listeners}`,
    )
    // The DOM counters are read at rest (see heapTally); a leak would add at least one per refresh.
    expect(after.listeners - before.listeners).toBeLessThan(ROUNDS)
    expect(after.nodes - before.nodes).toBeLessThan(ROUNDS)
    expect(after.appBytes - before.appBytes).toBeLessThan(MAX_APP_GROWTH)

    // Three switches in quick succession: the last one wins even though a refresh is in flight. Its
    // request must follow within 25 s (the 30-second poll would otherwise be the first to catch up).
    const start = shanghaiDay(-29)
    const lastAsked = g.page.waitForResponse(
      (r) => r.url().includes('/api/v1/stats/communities') && decodeURIComponent(r.url()).includes(`from=${start.slice(0, 10)}`),
      { timeout: 25_000 },
    )
    await buttons[0].click()
    await buttons[1].click()
    await buttons[2].click()
    await lastAsked
    const res = await g.page.request.get(`${s.url()}/api/v1/stats/communities?from=${start}`)
    const api = (await res.json()) as { community_code: string; total: number }[]
    const want = Object.fromEntries(api.map((a) => [a.community_code, a.total]))
    await g.page.waitForFunction(
      (want) => {
        const lis = [...document.querySelectorAll('[data-testid="community-rank"] li')]
        return (
          lis.length === Object.keys(want).length &&
          lis.every((li) => Number(li.querySelector('.total')?.textContent) === want[li.getAttribute('data-code') ?? ''])
        )
      },
      want,
      { timeout: 15_000 },
    )
    expect(g.errors).toEqual([])
    expect(g.foreign).toEqual([])
  }, 600_000)
})
