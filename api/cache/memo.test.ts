/** Rows kept per data version (memo.ts): reused while nothing is written, never across a write. */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { loginCookie } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
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
})
