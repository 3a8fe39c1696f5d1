/**
 * The locator against the labelled set (fixtures/hotline/addresses.json, ≥ 200 addresses written as
 * operators write them, positions from the fixture geometry): the share placed with confidence and
 * within 50 m of the truth, overall and per kind of writing, as docs/performance.md reports it — first
 * with the street's own data alone, then with what an office adds in the 地名库 (aliases of shortened
 * names, 门牌 ranges). A placed answer more than 50 m off is worse than none, so those are bounded too.
 */
import { readFileSync } from 'node:fs'
import * as turf from '@turf/turf'
import { describe, expect, it } from 'vitest'
import type { Queryable } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { houseRanges, officeAliases, type LabelledAddress } from '../../fixtures/hotline/addresses.ts'
import { LOCATE_THRESHOLD, loadGazetteer, locate } from './locator.ts'

const SET = JSON.parse(readFileSync(new URL('../../fixtures/hotline/addresses.json', import.meta.url), 'utf8')) as LabelledAddress[]

type Tally = { n: number; hit: number; wrong: number; unplaced: number }

/** Locates every labelled address; tallies per kind of writing and in all. */
async function measure(q: Queryable, street: number, label: string) {
  const g = await loadGazetteer(q, street)
  const by = new Map<string, Tally>()
  for (const a of SET) {
    const r = await locate(q, g, a.address)
    const s = by.get(a.kind) ?? { n: 0, hit: 0, wrong: 0, unplaced: 0 }
    s.n += 1
    if (!r || r.confidence < LOCATE_THRESHOLD) s.unplaced += 1
    else if (turf.distance([r.lon, r.lat], [a.lon, a.lat], { units: 'meters' }) <= 50) s.hit += 1
    else s.wrong += 1
    by.set(a.kind, s)
  }
  const sum = (xs: Tally[]) =>
    xs.reduce((t, s) => ({ n: t.n + s.n, hit: t.hit + s.hit, wrong: t.wrong + s.wrong, unplaced: t.unplaced + s.unplaced }))
  const all = sum([...by.values()])
  console.log(
    `${label}\n` +
      [...by.entries(), ['all', all] as const]
        .map(
          ([k, s]) =>
            `${k}: ${s.n} addresses, ${s.hit} within 50 m (${((100 * s.hit) / s.n).toFixed(1)}%), ${s.wrong} placed > 50 m off, ${s.unplaced} to the 待定位 queue`,
        )
        .join('\n'),
  )
  return { by, all, without: (kind: string) => sum([...by.entries()].filter(([k]) => k !== kind).map(([, s]) => s)) }
}

async function streetId() {
  const db = await testDb()
  const [{ id }] = await db.query<{ id: number }>('SELECT id FROM streets ORDER BY id LIMIT 1')
  return id
}

class RolledBack extends Error {}

describe('the offline locator on the labelled address set', () => {
  it("places most addresses within 50 m from the street's own data, and few placed ones far off", async () => {
    expect(SET.length).toBeGreaterThanOrEqual(200)
    const r = await measure(await testDb(), await streetId(), "the street's own data")
    // 门牌 need the office's ranges: without them none is placed, and none wrongly
    expect(r.by.get('house_number')!.n).toBeGreaterThan(0)
    expect(r.by.get('house_number')!.hit).toBe(0)
    expect(r.by.get('house_number')!.wrong).toBe(0)
    const own = r.without('house_number')
    expect(own.hit / own.n).toBeGreaterThanOrEqual(0.75)
    expect(r.all.wrong / r.all.n).toBeLessThanOrEqual(0.1)
  })

  it('places shortened names and 门牌 once the office has added aliases and ranges', async () => {
    const db = await testDb()
    const street = await streetId()
    let result: Awaited<ReturnType<typeof measure>> | undefined
    // The entries exist only inside this transaction: other tests sharing the database never see them.
    await db
      .tx(async (q) => {
        for (const a of officeAliases())
          await q.query(`INSERT INTO gazetteer_aliases (street_id, alias, target, created_by, created_at) VALUES ($1, $2, $3, 'test', now())`, [
            street,
            a.alias,
            a.target,
          ])
        for (const h of houseRanges())
          await q.query(
            `INSERT INTO address_ranges (street_id, road, first_no, last_no, parity, geom, created_by, created_at)
             SELECT $1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN ST_Reverse(l) ELSE l END, 'test', now()
             FROM (SELECT ST_LineMerge(ST_Union(geom)) AS l FROM basemap_features WHERE street_id = $1 AND kind = 'road' AND name = $2) r`,
            [street, h.road, h.first_no, h.last_no, h.parity, h.reversed],
          )
        result = await measure(q, street, 'with the office aliases and 门牌 ranges')
        throw new RolledBack()
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e
      })
    const r = result!
    const houses = r.by.get('house_number')!
    expect(houses.hit / houses.n).toBeGreaterThanOrEqual(0.95)
    expect(r.by.get('abbreviated')!.hit / r.by.get('abbreviated')!.n).toBeGreaterThanOrEqual(0.9)
    expect(r.all.hit / r.all.n).toBeGreaterThanOrEqual(0.9)
    expect(r.all.wrong / r.all.n).toBeLessThanOrEqual(0.05)
  })
})
