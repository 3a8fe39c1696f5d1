/** Rows kept per data version (memo.ts): reused while nothing is written, never across a write. */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { loginCookie } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { countInArea } from '../analysis/area.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { atVersion } from './memo.ts'

describe('rows kept per data version', () => {
  it('reads once while nothing is written, again after any write, and keeps nothing read across a write', async () => {
    const db = await testDb()
    let reads = 0
    const read = async () => ++reads
    // Exact counts only where no other test process writes meanwhile (see session-cache.test.ts).
    if (process.env.TEST_ENGINE !== 'postgres') {
      expect(await atVersion(db, 'memo-test', read)).toBe(1)
      expect(await atVersion(db, 'memo-test', read)).toBe(1)
    }
    const before = reads
    await db.query('UPDATE streets SET name = name WHERE id = (SELECT min(id) FROM streets)')
    expect(await atVersion(db, 'memo-test', read)).toBe(before + 1)
    // A write while it is read: the answer is given but not kept.
    const during = await atVersion(db, 'memo-test-2', async () => {
      await db.query('UPDATE streets SET name = name WHERE id = (SELECT min(id) FROM streets)')
      return 'old'
    })
    expect(during).toBe('old')
    expect(await atVersion(db, 'memo-test-2', async () => 'new')).toBe('new')
  })

  // Exact reads only where no other test process writes meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')("is shared by the database's views: each analysis request's own expensive() view", async () => {
    const db = await testDb()
    let reads = 0
    const read = async () => ++reads
    const first = await atVersion(db.expensive(10_000), 'memo-test-views', read)
    expect(await atVersion(db.expensive(10_000), 'memo-test-views', read)).toBe(first)
    expect(await atVersion(db, 'memo-test-views', read)).toBe(first)
    expect(reads).toBe(1)
    await db.expensive(10_000).query('UPDATE streets SET name = name WHERE id = (SELECT min(id) FROM streets)')
    expect(await atVersion(db.expensive(10_000), 'memo-test-views', read)).toBe(2)
  })

  // Exact reads only where no other test process writes meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')(
    'keeps a store with a budget within its bytes, the oldest going first, and never rows above a quarter of it',
    async () => {
      const db = await testDb()
      const budget = { store: 'memo-test-budget', maxBytes: 100, bytes: (n: number) => n }
      let reads = 0
      const ask = (key: string, n: number) =>
        atVersion(
          db,
          key,
          async () => {
            reads++
            return n
          },
          budget,
        )
      await ask('a', 25)
      await ask('b', 20)
      await ask('a', 25)
      await ask('c', 25)
      await ask('d', 25)
      expect(reads).toBe(4) // 95 bytes: all kept
      await ask('e', 20) // 115 bytes: the oldest, a, goes
      await ask('b', 20)
      expect(reads).toBe(5)
      await ask('a', 25)
      expect(reads).toBe(6)
      // 30 bytes, above a quarter of 100: read every time, never kept
      await ask('f', 30)
      await ask('f', 30)
      expect(reads).toBe(8)
      // the same key in the store without a budget is another entry
      expect(await atVersion(db, 'a', async () => 'unbudgeted')).toBe('unbudgeted')
    },
  )

  // Renames a grid for a moment: only where no other test process reads the grids meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')('shows a renamed grid in the next /stats/grids asked afresh', async () => {
    const app = await testApp()
    const db = await testDb()
    const cookie = await loginCookie('leader', DEMO_PASSWORD)
    const get = async () =>
      (await (await app.request('/api/v1/stats/grids', { headers: { cookie, 'cache-control': 'no-cache' } })).json()) as {
        grid_code: string
        name: string
      }[]
    const [first] = await get()
    const renamed = `${first.name}·${Date.now() % 1000}`
    await db.query('UPDATE grids SET name = $2 WHERE code = $1', [first.grid_code, renamed])
    try {
      expect((await get()).find((g) => g.grid_code === first.grid_code)?.name).toBe(renamed)
    } finally {
      await db.query('UPDATE grids SET name = $2 WHERE code = $1', [first.grid_code, first.name])
    }
    expect((await get()).find((g) => g.grid_code === first.grid_code)?.name).toBe(first.name)
  })
  // Renames a category for a moment: only where no other test process reads the categories meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')('shows a renamed category in the next /stats/summary and /indicators', async () => {
    const app = await testApp()
    const db = await testDb()
    const cookie = await loginCookie('leader', DEMO_PASSWORD)
    const read = async <T>(path: string) => (await (await app.request(path, { headers: { cookie, 'cache-control': 'no-cache' } })).json()) as T
    const summary = async () => (await read<{ by_category: { category: string; name: string }[] }>('/api/v1/stats/summary')).by_category
    const units = async () => (await read<{ rows: { key: string; name: string }[] }>('/api/v1/indicators?by=category')).rows
    const [first] = await summary()
    // Both read once before the rename, so their names are kept.
    expect((await units()).find((u) => u.key === first.category)?.name).toBe(first.name)
    const renamed = `${first.name}·${Date.now() % 1000}`
    await db.query('UPDATE categories SET name = $2 WHERE code = $1', [first.category, renamed])
    try {
      expect((await summary()).find((k) => k.category === first.category)?.name).toBe(renamed)
      expect((await units()).find((u) => u.key === first.category)?.name).toBe(renamed)
    } finally {
      await db.query('UPDATE categories SET name = $2 WHERE code = $1', [first.category, first.name])
    }
    expect((await summary()).find((k) => k.category === first.category)?.name).toBe(first.name)
  })

  // Grows the street for a moment: only where no other test process counts its areas meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')('counts an area by cells kept only while the street’s outline stands', async () => {
    const db = await testDb()
    const [b] = await db.query<{ x1: number; y0: number; y1: number; outline: string }>(
      "SELECT ST_XMax(boundary) AS x1, ST_YMin(boundary) AS y0, ST_YMax(boundary) AS y1, encode(ST_AsEWKB(boundary), 'hex') AS outline FROM streets WHERE id = 1",
    )
    const y = (b.y0 + b.y1) / 2
    // An area reaching ~400 m east of the street, and a point ~200 m east of it: outside the street's
    // box, which the area's cells are cut to (area-leaves.sql).
    const area = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [b.x1 - 0.002, y - 0.001],
          [b.x1 + 0.004, y - 0.001],
          [b.x1 + 0.004, y + 0.001],
          [b.x1 - 0.002, y + 0.001],
          [b.x1 - 0.002, y - 0.001],
        ],
      ],
    })
    const point = `SRID=4326;POINT(${b.x1 + 0.002} ${y})`
    const total = async (how: 'cells' | 'gist') => (await countInArea(db, 1, area, {}, null, TEST_NOW, how)).reduce((n, r) => n + r.n, 0)
    const before = await total('cells')
    expect(before).toBe(await total('gist'))
    // The street, and the grid nearest the point (a report lies in a grid), grown to hold it.
    const [grid] = await db.query<{ code: string; outline: string }>(
      "SELECT code, encode(ST_AsEWKB(geom), 'hex') AS outline FROM grids WHERE street_id = 1 ORDER BY geom <-> $1::geometry LIMIT 1",
      [point],
    )
    const grow = (col: string) => `ST_Multi(ST_Union(${col}, ST_Expand(ST_Envelope(ST_Collect(${col}, $1::geometry)), 0.0005)))`
    await db.query(`UPDATE streets SET boundary = ${grow('boundary')} WHERE id = 1`, [point])
    await db.query(`UPDATE grids SET geom = ${grow('geom')} WHERE street_id = 1 AND code = $2`, [point, grid.code])
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
       VALUES (1, 'clutter', 'reported', $1::geometry, '', '', $2, $2::timestamptz + interval '1 day') RETURNING id`,
      [point, TEST_NOW],
    )
    try {
      // The cells cut to the old outline would miss the new issue; the index finds it.
      expect(await total('gist')).toBe(before + 1)
      expect(await total('cells')).toBe(before + 1)
    } finally {
      await db.query('DELETE FROM issues WHERE id = $1', [id])
      await db.query('UPDATE grids SET geom = $1::geometry WHERE street_id = 1 AND code = $2', [grid.outline, grid.code])
      await db.query('UPDATE streets SET boundary = $1::geometry WHERE id = 1', [b.outline])
    }
    expect(await total('cells')).toBe(before)
  })
})
