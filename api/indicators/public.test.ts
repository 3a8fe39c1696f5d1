import { describe, expect, it } from 'vitest'
import { getJson, testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, step, type Json } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from '../photos/test-images.ts'
import { from, freshAddress, reportId, submit } from '../public/test-helpers.ts'

// Two instants of their own (after 2026-11-01, one hour nobody else writes in): reports are received
// at A; the reporters answer 解决了吗 at B, after the closings (which happen at TEST_NOW, 2026-11-20).
const A = new Date('2026-11-13T03:17:00+08:00')
const B = new Date('2026-11-21T03:17:00+08:00')
const WIN_A = 'from=2026-11-13T03:00&to=2026-11-13T04:00'
const WIN_B = 'from=2026-11-21T03:00&to=2026-11-21T04:00'

type Fate = 'pending' | 'rejected' | 'accepted' | 'merged' | 'closed_ok' | 'closed_not_yet'
interface Pub {
  received: number
  pending: number
  accepted: number
  rejected: number
  acceptance_rate: number | null
  closed: number
  closure_rate: number | null
  feedback: number
  satisfied: number
  satisfaction_rate: number | null
}
interface Row {
  key: string | null
  total: number
  public: Pub | null
}

const leader = () => cookieOf('leader')
const decide = async (id: number, body: Json) => {
  const r = await send('POST', `/api/v1/moderation/reports/${id}`, body, await leader())
  if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

describe('GET /api/v1/indicators: 市民上报', () => {
  it('counts received, accepted, 受理率, closed and satisfaction per community, and pending reports are no issues', async () => {
    const db = await testDb()
    const appA = await testApp({ PUBLIC_POW_BITS: '8' }, () => A)
    const appB = await testApp({ PUBLIC_POW_BITS: '8' }, () => B)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grids')
    const places = [await pointInside(0), await pointInside(Math.floor(n / 2))]
    const issuesIn = async (q: string) => (await getJson<{ rows: Row[] }>(`/api/v1/indicators?${q}`)).body.rows[0].total
    const summaryIn = async (q: string) => (await getJson<{ total: number }>(`/api/v1/stats/summary?${q}`)).body.total
    const before = { ind: await issuesIn(WIN_A), sum: await summaryIn(WIN_A) }

    const made: { code: string; fate: Fate }[] = []
    let k = 0
    const send1 = async (place: [number, number]) => {
      const r = await submit({ lon: place[0], lat: place[1], description: `市民上报计数 ${k++}` }, { app: appA, address: freshAddress() })
      expect(r.status).toBe(201)
      return { code: r.body.code as string, id: await reportId(r.body.code as string) }
    }
    // pending reports first: they change no issue count
    for (const p of places) for (let i = 0; i < 2; i++) made.push({ code: (await send1(p)).code, fate: 'pending' })
    expect(await issuesIn(WIN_A)).toBe(before.ind)
    expect(await summaryIn(WIN_A)).toBe(before.sum)

    const photo = async () => {
      const up = await appA.request('/api/v1/photos', { method: 'POST', body: new Uint8Array(PLAIN_JPEG), headers: { cookie: await leader() } })
      return ((await up.json()) as Json).id as string
    }
    for (const p of places) {
      const rej = await send1(p)
      await decide(rej.id, { action: 'reject', reason: 'not_a_problem' })
      made.push({ code: rej.code, fate: 'rejected' })
      const acc = await send1(p)
      const issue = (await decide(acc.id, { action: 'accept' })).issue_id as number
      made.push({ code: acc.code, fate: 'accepted' })
      const mer = await send1(p)
      await decide(mer.id, { action: 'merge', issue_id: issue })
      made.push({ code: mer.code, fate: 'merged' })
      for (const satisfied of [true, false]) {
        const c = await send1(p)
        const id = (await decide(c.id, { action: 'accept' })).issue_id as number
        for (const body of [{ action: 'assign' }, { action: 'rectify', note: '已清理', photos: [await photo()] }, { action: 'approve' }]) {
          const s = await step(id, body)
          expect(s.status, JSON.stringify(s.body)).toBe(200)
        }
        const fb = await appB.request(
          `/api/v1/public/reports/${c.code}/feedback`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ satisfied }) },
          from(freshAddress()),
        )
        expect(fb.status, await fb.clone().text()).toBe(201)
        made.push({ code: c.code, fate: satisfied ? 'closed_ok' : 'closed_not_yet' })
      }
    }

    // the independent count: what this test did, per community the reports were placed in
    const where = new Map(
      (
        await db.query<{ code: string; community_code: string }>('SELECT code, community_code FROM public_reports WHERE code = ANY ($1)', [
          made.map((m) => m.code),
        ])
      ).map((r) => [r.code, r.community_code]),
    )
    const communities = [...new Set(made.map((m) => where.get(m.code)!))]
    expect(communities).toHaveLength(2)
    const expected = (mine: Fate[]) => {
      const c = (...f: Fate[]) => mine.filter((x) => f.includes(x)).length
      const accepted = c('accepted', 'merged', 'closed_ok', 'closed_not_yet')
      const rejected = c('rejected')
      // "not yet" reopened its issue, so only the satisfied one still follows a closed issue
      const closed = c('closed_ok')
      return {
        received: mine.length,
        pending: c('pending'),
        accepted,
        rejected,
        acceptance_rate: accepted / (accepted + rejected),
        closed,
        closure_rate: closed / accepted,
        issues: c('accepted', 'closed_ok', 'closed_not_yet'),
        feedback: c('closed_ok', 'closed_not_yet'),
        satisfied: c('closed_ok'),
      }
    }

    const a = (await getJson<{ rows: Row[] }>(`/api/v1/indicators?by=community&${WIN_A}`)).body.rows
    const b = (await getJson<{ rows: Row[] }>(`/api/v1/indicators?by=community&${WIN_B}`)).body.rows
    for (const cc of communities) {
      const e = expected(made.filter((m) => where.get(m.code) === cc).map((m) => m.fate))
      const ra = a.find((r) => r.key === cc)!
      expect(ra.public).toMatchObject({
        received: e.received,
        pending: e.pending,
        accepted: e.accepted,
        rejected: e.rejected,
        acceptance_rate: e.acceptance_rate,
        closed: e.closed,
        closure_rate: e.closure_rate,
        feedback: 0,
      })
      // accepted reports became issues (the merged one joined an existing one); pending and rejected did not
      expect(ra.total).toBe(e.issues)
      const rb = b.find((r) => r.key === cc)!
      expect(rb.public).toMatchObject({ received: 0, feedback: e.feedback, satisfied: e.satisfied, satisfaction_rate: e.satisfied / e.feedback })
    }
    // the street row is the sum; every other community is zero in this hour
    const all = expected(made.map((m) => m.fate))
    const street = (await getJson<{ rows: Row[] }>(`/api/v1/indicators?${WIN_A}`)).body.rows[0]
    expect(street.public).toMatchObject({ received: all.received, accepted: all.accepted, rejected: all.rejected, closed: all.closed })
    expect(street.total - before.ind).toBe(all.issues)
    expect((await summaryIn(WIN_A)) - before.sum).toBe(all.issues)
    for (const r of a.filter((r) => !communities.includes(r.key!))) expect(r.public?.received).toBe(0)
    // no 整治组 before acceptance: by=group has no 市民上报 figures
    const g = (await getJson<{ rows: Row[] }>(`/api/v1/indicators?by=group&${WIN_A}`)).body.rows
    expect(g.every((r) => r.public === null)).toBe(true)
  })
})
