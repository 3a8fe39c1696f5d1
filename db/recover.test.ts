/**
 * The embedded engine after an internal error (XX000): closed and reopened from its directory,
 * answering — and answering the right numbers — afterwards.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../api/app.ts'
import { loadConfig } from '../api/config.ts'
import type { Db } from './adapter.ts'
import { DbUnavailableError } from './adapter.ts'
import { openPglite } from './pglite.ts'
import { TEST_NOW } from './testing/constants.ts'
import { copyTemplate } from './testing/global-setup.ts'

/** A real internal error of PostgreSQL (elog ERROR, SQLSTATE XX000), with a text parameter that must not be logged. */
const INTERNAL_ERROR = 'SELECT pg_identify_object(0, 0, 0) WHERE $1::text IS NOT NULL'
const SECRET = '13800138000-秘密参数'

type Area = { area_m2: number; counts: { total: number; closed: number }; control: { total: number } }

describe.runIf(process.env.TEST_ENGINE === 'pglite')('the embedded engine after an internal error', () => {
  let dir: string
  let db: Db
  const log: string[] = []
  let polygon: { type: 'Polygon'; coordinates: number[][][] }
  let expected: { total: number; closed: number }

  beforeAll(async () => {
    dir = await copyTemplate(process.env.CGM_PGLITE_TEMPLATE!)
    db = await openPglite(dir, (m) => log.push(m))
    const [{ boundary }] = await db.query<{ boundary: string }>('SELECT ST_AsGeoJSON(boundary) AS boundary FROM streets WHERE id = 1')
    const street: Feature<MultiPolygon> = turf.feature(JSON.parse(boundary) as MultiPolygon)
    polygon = turf.bboxPolygon(turf.bbox(street)).geometry as typeof polygon
    // Independently of PostGIS: Turf over the issues' coordinates.
    const issues = await db.query<{ lon: number; lat: number; status: string }>(
      'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, status FROM issues WHERE street_id = 1',
    )
    const inside = issues.filter((i) => turf.booleanPointInPolygon([i.lon, i.lat], polygon))
    expected = { total: inside.length, closed: inside.filter((i) => i.status === 'closed').length }
  })
  afterAll(() => db.close())

  // The area request queued behind the reopen must not run out of its budget on a slow machine.
  const app = () => buildApp({ db, config: loadConfig({ SEED: 'none', ANALYSIS_TIMEOUT_MS: '600000' }), now: () => TEST_NOW })
  const area = async () => {
    const res = await app().request('/api/v1/analysis/area', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ polygon }),
    })
    return { status: res.status, body: (await res.json()) as Area }
  }

  it('reopens the database, lets queued requests through afterwards, and counts as a fresh one does', async () => {
    const before = await area()
    expect(before.status).toBe(200)
    expect(before.body.counts).toMatchObject(expected)

    // The failing statement and, queued behind it, cheap and expensive requests.
    const failing = db.query(INTERNAL_ERROR, [SECRET])
    const queued = [app().request('/api/v1/health'), app().request('/api/v1/stats/summary'), area()]
    const err = await failing.then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DbUnavailableError)
    const cause = (err as DbUnavailableError).cause as { code: string; params?: unknown }
    expect(cause.code).toBe('XX000')
    expect(cause.params).toBeUndefined()
    expect(log.some((m) => m.includes('reopening'))).toBe(true)
    expect(log).toContain('embedded database reopened')

    const [health, summary, after] = (await Promise.all(queued)) as [Response, Response, Awaited<ReturnType<typeof area>>]
    expect(health.status).toBe(200)
    expect(summary.status).toBe(200)
    expect(after.status).toBe(200)
    expect(after.body).toEqual(before.body)
    expect(after.body.counts).toMatchObject(expected)
  })

  it('keeps what was written after the reopen, in the same directory', async () => {
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
       VALUES (1, 'clutter', 'assigned', ST_SetSRID(ST_MakePoint(112.9855, 28.1635), 4326), '', '', '2026-10-01T10:00:00+08:00', '2026-10-02T10:00:00+08:00')
       RETURNING id`,
    )
    await expect(db.query(INTERNAL_ERROR, [SECRET])).rejects.toBeInstanceOf(DbUnavailableError)
    expect(await db.query<{ id: number }>('SELECT id FROM issues WHERE id = $1', [id])).toEqual([{ id }])
    // A second process opening the directory later sees it too (the reopened engine wrote to disk).
    await db.close()
    db = await openPglite(dir, (m) => log.push(m))
    expect(await db.query<{ id: number }>('SELECT id FROM issues WHERE id = $1', [id])).toEqual([{ id }])
    const res = await area()
    expect(res.body.counts.total).toBe(expected.total + 1)
  })

  it('reopens when told the engine is damaged (an error PGlite dropped), before the next job runs', async () => {
    // A temporary table lives as long as the engine's session: gone means the engine was reopened.
    await db.exec('CREATE TEMP TABLE damage_probe (x int)')
    expect(await db.query('SELECT to_regclass($1)::text AS t', ['pg_temp.damage_probe'])).toEqual([{ t: 'damage_probe' }])
    const reopened = log.filter((m) => m === 'embedded database reopened').length
    db.damaged!(new Error('the database answered no row where one is certain'))
    expect(await db.query('SELECT to_regclass($1)::text AS t', ['pg_temp.damage_probe'])).toEqual([{ t: null }])
    expect(log.filter((m) => m === 'embedded database reopened')).toHaveLength(reopened + 1)
    const res = await area()
    expect(res.status).toBe(200)
    expect(res.body.counts.total).toBe(expected.total + 1)
  })
})
