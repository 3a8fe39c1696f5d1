/**
 * The locator against the labelled set (fixtures/hotline/addresses.json, ≥ 200 addresses written as
 * operators write them, positions from the fixture geometry): the share placed with confidence and
 * within 50 m of the truth, overall and per kind of writing, as docs/performance.md reports it. A
 * placed answer more than 50 m off is worse than none, so those are counted and bounded too.
 */
import { readFileSync } from 'node:fs'
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import type { LabelledAddress } from '../../fixtures/hotline/addresses.ts'
import { LOCATE_THRESHOLD, loadGazetteer, locate } from './locator.ts'

const SET = JSON.parse(readFileSync(new URL('../../fixtures/hotline/addresses.json', import.meta.url), 'utf8')) as LabelledAddress[]

describe('the offline locator on the labelled address set', () => {
  it('places most addresses within 50 m, and few placed ones far off', async () => {
    expect(SET.length).toBeGreaterThanOrEqual(200)
    const db = await testDb()
    const [{ id }] = await db.query<{ id: number }>('SELECT id FROM streets LIMIT 1')
    const g = await loadGazetteer(db, id)
    const by = new Map<string, { n: number; hit: number; wrong: number; unplaced: number }>()
    for (const a of SET) {
      const r = await locate(db, g, a.address)
      const s = by.get(a.kind) ?? { n: 0, hit: 0, wrong: 0, unplaced: 0 }
      s.n += 1
      if (!r || r.confidence < LOCATE_THRESHOLD) s.unplaced += 1
      else if (turf.distance([r.lon, r.lat], [a.lon, a.lat], { units: 'meters' }) <= 50) s.hit += 1
      else s.wrong += 1
      by.set(a.kind, s)
    }
    const all = [...by.values()].reduce((t, s) => ({ n: t.n + s.n, hit: t.hit + s.hit, wrong: t.wrong + s.wrong, unplaced: t.unplaced + s.unplaced }))
    console.log(
      [...by.entries(), ['all', all] as const]
        .map(
          ([k, s]) =>
            `${k}: ${s.n} addresses, ${s.hit} within 50 m (${((100 * s.hit) / s.n).toFixed(1)}%), ${s.wrong} placed > 50 m off, ${s.unplaced} to the 待定位 queue`,
        )
        .join('\n'),
    )
    expect(all.hit / all.n).toBeGreaterThanOrEqual(0.75)
    expect(all.wrong / all.n).toBeLessThanOrEqual(0.1)
  })
})
