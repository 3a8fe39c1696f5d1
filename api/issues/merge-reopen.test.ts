/**
 * Reopening a merged duplicate (issue 24, item 5): it used to answer 200 and leave the duplicate
 * `rectifying` with merged_into still set, so the indicators (which leave merged duplicates out) lost
 * a case being worked on. A duplicate is closed for good: reopening it is refused (409) with the
 * issue to reopen instead, and the indicators never miss an open issue.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { report, send, step } from './test-helpers.ts'

/** A one-millisecond window of its own, so the indicators below count only this test's issues. */
const AT = '2026-11-19T03:33:33.333+08:00'
const WINDOW = `from=${encodeURIComponent(AT)}&to=${encodeURIComponent('2026-11-19T03:33:33.334+08:00')}`

async function counted(): Promise<{ total: number; open: number; closed: number }> {
  const r = await send('GET', `/api/v1/indicators?by=street&${WINDOW}`)
  expect(r.status).toBe(200)
  return r.body.rows[0]
}

async function duplicatePair(): Promise<[number, number]> {
  const main = await report({ reported_at: AT, category: 'flyposting' }, 11)
  const dup = await report({ reported_at: AT, category: 'flyposting' }, 11)
  expect([main.status, dup.status]).toEqual([201, 201])
  expect((await step(dup.body.id, { action: 'merge', target_id: main.body.id })).status).toBe(200)
  return [main.body.id, dup.body.id]
}

describe('reopening a merged duplicate', () => {
  it('is refused with 409 merged_duplicate naming the main issue, changes nothing, and the indicators agree', async () => {
    const before = await counted()
    const [main, dup] = await duplicatePair()
    const merged = await counted()
    expect(merged.total - before.total).toBe(1) // the main issue only
    expect(merged.open - before.open).toBe(1)

    const r = await step(dup, { action: 'reopen', note: '问题复现' })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('merged_duplicate')
    expect(r.body.error.message).toContain(`#${main}`)
    expect(r.body.error.message).toMatch(/^[\u4e00-\u9fff]/) // Chinese first
    const after = await send('GET', `/api/v1/issues/${dup}`)
    expect(after.body.properties).toMatchObject({ status: 'closed', merged_into: main })
    expect(after.body.properties.events.at(-1).action).toBe('merge')
    expect(await counted()).toEqual(merged)
  })

  it('names the end of a merge chain: A merged into B, B merged into C → reopen C', async () => {
    const [b, a] = await duplicatePair()
    const c = (await report({ reported_at: AT, category: 'flyposting' }, 11)).body.id
    expect((await step(b, { action: 'merge', target_id: c })).status).toBe(200)
    const r = await step(a, { action: 'reopen' })
    expect(r.status).toBe(409)
    expect(r.body.error.message).toContain(`#${c}`)
  })

  it('a duplicate the old code had reopened is unmerged by the migration and counted again', async () => {
    const [, dup] = await duplicatePair()
    const db = await testDb()
    // the state the old code left: reopened, rectifying, still merged
    await db.query(`UPDATE issues SET status = 'rectifying', closed_at = NULL WHERE id = $1`, [dup])
    const stale = await counted()
    const file = readdirSync(new URL('../../db/migrations/', import.meta.url)).find((f) => f.endsWith('_unmerge_reopened_duplicates.sql'))!
    await db.exec(readFileSync(new URL(`../../db/migrations/${file}`, import.meta.url), 'utf8'))
    const [row] = await db.query<{ merged_into: unknown }>('SELECT merged_into FROM issues WHERE id = $1', [dup])
    expect(row.merged_into).toBeNull()
    const fixed = await counted()
    expect(fixed.total - stale.total).toBe(1)
    expect(fixed.open - stale.open).toBe(1)
    const left = await db.query(`SELECT id FROM issues WHERE merged_into IS NOT NULL AND status <> 'closed'`)
    expect(left).toEqual([])
  })
})
