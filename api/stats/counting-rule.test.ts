import type { Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { containing, type Areas } from '../../db/testing/geo.ts'

type GridStat = { grid_code: string; total: number }

// Issues written by this file sit in a window of their own (2030) and are removed afterwards.
const WINDOW = 'from=2030-01-01&to=2030-01-02'
let db: Db
let grids: Areas
const inserted: number[] = []

async function insertAt([lon, lat]: Position): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
     VALUES (1, 'clutter', 'closed', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', '2030-01-01T10:00:00+08:00',
             '2030-01-02T10:00:00+08:00') RETURNING id`,
    [lon, lat],
  )
  inserted.push(row.id)
  return row.id
}

/** Vertices that appear in the rings of `min` or more grids. */
function sharedVertices(min: number): Position[] {
  const seen = new Map<string, Set<string>>()
  for (const f of grids.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    for (const ring of polys.flat())
      for (const p of ring) {
        const k = p.join(',')
        seen.set(k, (seen.get(k) ?? new Set()).add(f.properties.code))
      }
  }
  return [...seen].filter(([, s]) => s.size >= min).map(([k]) => k.split(',').map(Number))
}

/** The midpoint of a ring segment of one grid whose two ends are both vertices of another grid. */
function sharedEdgeMidpoint(): Position {
  const owners = new Map<string, Set<string>>()
  const rings = grids.features.map((f) => ({
    code: f.properties.code,
    ring: (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates[0])[0],
  }))
  for (const { code, ring } of rings) for (const p of ring) owners.set(p.join(','), (owners.get(p.join(',')) ?? new Set()).add(code))
  for (const { code, ring } of rings) {
    for (let k = 1; k < ring.length; k++) {
      const a = owners.get(ring[k - 1].join(','))!
      const b = owners.get(ring[k].join(','))!
      if ([...a].some((g) => g !== code && b.has(g))) {
        return [(ring[k - 1][0] + ring[k][0]) / 2, (ring[k - 1][1] + ring[k][1]) / 2]
      }
    }
  }
  throw new Error('no shared edge found')
}

beforeAll(async () => {
  db = await testDb()
  grids = (await getJson<Areas>('/api/v1/layers/grids')).body
})

afterAll(async () => {
  if (inserted.length) await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY($1)', [inserted])
})

describe('the counting rule', () => {
  it('counts a point on a vertex shared by three or more grids once, in the lowest-coded grid', async () => {
    const corners = sharedVertices(3).slice(0, 5)
    expect(corners.length).toBeGreaterThan(0)
    for (const c of corners) await insertAt(c)
    const { body } = await getJson<GridStat[]>(`/api/v1/stats/grids?${WINDOW}`)
    const expected = new Map<string, number>()
    for (const c of corners) {
      const owners = containing(c, grids)
      expect(owners.length).toBeGreaterThanOrEqual(3)
      expected.set(owners[0], (expected.get(owners[0]) ?? 0) + 1)
    }
    for (const r of body) expect(r.total, r.grid_code).toBe(expected.get(r.grid_code) ?? 0)
  })

  it('counts a point in the middle of a shared edge exactly once', async () => {
    const mid = sharedEdgeMidpoint()
    expect(containing(mid, grids).length).toBeGreaterThanOrEqual(1)
    const before = (await getJson<GridStat[]>(`/api/v1/stats/grids?${WINDOW}`)).body
    await insertAt(mid)
    const after = (await getJson<GridStat[]>(`/api/v1/stats/grids?${WINDOW}`)).body
    const diff = after.map((r, k) => r.total - before[k].total)
    expect(diff.filter((d) => d !== 0)).toEqual([1])
  })

  it('agrees with a naive ST_Intersects join over every issue', async () => {
    const naive = await db.query<{ code: string; n: number }>(
      `SELECT code, count(*)::int AS n FROM (
         SELECT DISTINCT ON (i.id) i.id, g.code
         FROM issues i JOIN grids g ON g.street_id = i.street_id AND ST_Intersects(g.geom, i.geom)
         WHERE i.street_id = 1 ORDER BY i.id, g.code) t
       GROUP BY code`,
    )
    const { body } = await getJson<GridStat[]>('/api/v1/stats/grids')
    const byCode = new Map(naive.map((r) => [r.code, r.n]))
    for (const r of body) expect(r.total, r.grid_code).toBe(byCode.get(r.grid_code) ?? 0)
  })
})
