import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'

interface Raw {
  category_code: string
  status: string
  reported_at: Date
  deadline: Date
  closed_at: Date | null
  rework_count: number
}
interface Out {
  key: string
  name: string | null
  total: number
  overdue: number
  on_time_rate: number | null
  rework_rate: number | null
  rectification_rate: number | null
  mean_hours_to_close: number | null
  p90_hours_to_close: number | null
}

/** percentile_cont as the SQL standard defines it: linear interpolation between closest ranks. */
function p90(xs: number[]): number | null {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const pos = 0.9 * (s.length - 1)
  const lo = Math.floor(pos)
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo)
}

/** Holds each row to a plain count of the raw rows of its unit; returns how many units had issues. */
function recount(rows: Out[], raw: Raw[], keyOf: (x: Raw) => string): number {
  let checked = 0
  for (const r of rows) {
    const mine = raw.filter((x) => keyOf(x) === r.key)
    expect(r.total).toBe(mine.length)
    const open = (x: Raw) => !['closed', 'answered'].includes(x.status)
    const overdue = mine.filter((x) => open(x) && x.deadline < TEST_NOW).length
    expect(r.overdue).toBe(overdue)
    const due = mine.filter((x) => x.deadline < TEST_NOW || !open(x))
    const deferred = due.filter((x) => x.status === 'answered').length
    const onTime = due.filter((x) => x.status === 'closed' && x.closed_at! <= x.deadline).length
    expect(r.on_time_rate).toBe(due.length - deferred > 0 ? onTime / (due.length - deferred) : null)
    const inspected = mine.filter((x) => x.status === 'closed' || x.rework_count > 0).length
    const reworked = mine.filter((x) => x.rework_count > 0).length
    expect(r.rework_rate).toBe(inspected ? reworked / inspected : null)
    const hrs = mine.filter((x) => x.status === 'closed').map((x) => (x.closed_at!.getTime() - x.reported_at.getTime()) / 3.6e6)
    const mean = hrs.length ? hrs.reduce((a, b) => a + b, 0) / hrs.length : null
    expect(r.mean_hours_to_close).toBe(mean === null ? null : Math.round(mean * 100) / 100)
    const p = p90(hrs)
    expect(r.p90_hours_to_close).toBe(p === null ? null : Math.round(p * 100) / 100)
    if (mine.length) checked++
  }
  return checked
}

describe('GET /api/v1/indicators', () => {
  it('matches a plain re-count of the raw rows per category for a window', async () => {
    const from = new Date('2026-06-01T00:00:00+08:00')
    const to = new Date('2026-09-01T00:00:00+08:00')
    const db = await testDb()
    const raw = await db.query<Raw>(
      'SELECT category_code, status, reported_at, deadline, closed_at, rework_count FROM issues WHERE reported_at >= $1 AND reported_at < $2 AND merged_into IS NULL',
      [from, to],
    )
    const { status, body } = await getJson<{ by: string; rows: Out[] }>('/api/v1/indicators?by=category&from=2026-06-01&to=2026-09-01')
    expect(status).toBe(200)
    expect(body.rows.reduce((a, r) => a + r.total, 0)).toBe(raw.length)
    expect(recount(body.rows, raw, (x) => x.category_code)).toBeGreaterThan(5)
  })

  it('for a whole street, read from the daily rollup, equals a plain count, with and without a window', async () => {
    const db = await testDb()
    const windows: [string | null, string | null][] = [
      [null, null],
      ['2026-06-01', '2026-09-01'],
      ['2026-08-03T13:27:00+08:00', null],
      [null, '2026-09-10T19:00:00+08:00'],
    ]
    for (const [from, to] of windows) {
      const raw = await db.query<Raw>(
        `SELECT category_code, status, reported_at, deadline, closed_at, rework_count FROM issues
         WHERE ($1::timestamptz IS NULL OR reported_at >= $1) AND ($2::timestamptz IS NULL OR reported_at < $2) AND merged_into IS NULL`,
        [from && new Date(from.length === 10 ? `${from}T00:00:00+08:00` : from), to && new Date(to.length === 10 ? `${to}T00:00:00+08:00` : to)],
      )
      const q = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) })
      const { status, body } = await getJson<{ by: string; rows: Out[] }>(`/api/v1/indicators?${q}`)
      expect(status).toBe(200)
      expect(body.rows.map((r) => r.key)).toEqual(['street'])
      expect(
        recount(body.rows, raw, () => 'street'),
        `${from}…${to}`,
      ).toBe(1)
    }
  })

  it('for a whole street with any other filter counts the issues it names', async () => {
    const db = await testDb()
    const raw = await db.query<Raw & { grid_code: string; community_code: string }>(
      'SELECT category_code, status, reported_at, deadline, closed_at, rework_count, grid_code, community_code FROM issues WHERE merged_into IS NULL',
    )
    const [g] = raw
    const cases: [string, (x: (typeof raw)[number]) => boolean][] = [
      ['category=clutter', (x) => x.category_code === 'clutter'],
      ['status=closed', (x) => x.status === 'closed'],
      [`grid=${g.grid_code}`, (x) => x.grid_code === g.grid_code],
      [`community=${g.community_code}`, (x) => x.community_code === g.community_code],
    ]
    for (const [q, keep] of cases) {
      const { body } = await getJson<{ rows: Out[] }>(`/api/v1/indicators?${q}`)
      const mine = raw.filter(keep)
      expect(mine.length, q).toBeGreaterThan(0)
      expect(mine.length, q).toBeLessThan(raw.length)
      expect(
        recount(body.rows, mine, () => 'street'),
        q,
      ).toBe(1)
    }
  })

  it('lists every unit of the kind with its name, zeros included, and rejects an unknown kind', async () => {
    const db = await testDb()
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grids')
    const { body } = await getJson<{ rows: Out[] }>('/api/v1/indicators?by=grid&from=2030-01-01&to=2030-02-01')
    expect(body.rows).toHaveLength(n)
    expect(body.rows.every((r) => r.total === 0 && r.name && r.on_time_rate === null)).toBe(true)
    const street = await getJson<{ rows: Out[] }>('/api/v1/indicators')
    expect(street.body.rows).toHaveLength(1)
    expect(street.body.rows[0].name).toBe('东塘街道')
    expect((await getJson('/api/v1/indicators?by=planet')).status).toBe(400)
  })
})
