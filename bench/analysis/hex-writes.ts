/**
 * What the hexagon rollup (issue_hexes, migration 0300) costs a write: single-issue creates over
 * loopback HTTP (POST /api/v1/issues: validation, assignment, deadline, event, every trigger) on a
 * kept, loaded server database, in alternating blocks with the rollup's insert trigger disabled and
 * enabled, so both are measured in the same run under the same load. The created issues are deleted
 * afterwards, each with its trigger in the state it was created in, so the rollup stays exact and
 * the kept database keeps its size.
 * `BENCH_KEEP_AS=cgm_hexroll npx tsx bench/analysis/hex-writes.ts --size=1e6 --blocks=10 --per=50`
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { buildApp } from '../../api/app.ts'
import { ensureAccounts } from '../../api/auth/bootstrap.ts'
import { INSERT_TOKEN } from '../../api/auth/queries.ts'
import { newSecret, secretHash } from '../../api/auth/secret.ts'
import { loadConfig } from '../../api/config.ts'
import { openPostgres } from '../../db/postgres.ts'
import { summary } from '../closed-loop/stats.ts'
import { SERVER } from './db.ts'

function arg(name: string, fallback: string): string {
  const a = process.argv.find((s) => s.startsWith(`--${name}=`))
  return a ? a.slice(name.length + 3) : fallback
}
const size = Number(arg('size', '1e6'))
const blocks = Number(arg('blocks', '10'))
const per = Number(arg('per', '50'))
const CATEGORIES = ['clutter', 'flyposting', 'exposed_garbage', 'street_vending', 'bike_parking', 'noise']
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')

const url = new URL(SERVER)
url.pathname = `/${process.env.BENCH_KEEP_AS ?? 'cgm_bench'}_${size}`
const db = await openPostgres(url.toString())
const created: Record<'off' | 'on', number[]> = { off: [], on: [] }
const trigger = (on: boolean) => db.exec(`ALTER TABLE issues ${on ? 'ENABLE' : 'DISABLE'} TRIGGER issues_hexes_insert`)
try {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues')
  if (n !== size) throw new Error(`${url.pathname} holds ${n} issues, not ${size}`)
  const points = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, 20, 7))).geom AS p FROM grids WHERE street_id = 1) s',
  )
  await ensureAccounts(db, { adminPassword: newSecret(), log: () => {} })
  const token = newSecret()
  await db.query(INSERT_TOKEN, [1, `bench-hex-${process.pid}`, secretHash(token), 'inspector', 'admin', new Date(Date.now() + 86_400_000)])
  const app = buildApp({ db, config: loadConfig({ SEED: 'none' }), now: () => new Date() })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as AddressInfo).port
  let k = 0
  const create = async (mode: 'off' | 'on') => {
    const p = points[k % points.length]
    const body = { lon: p.lon, lat: p.lat, category: CATEGORIES[k++ % CATEGORIES.length], description: `bench hex ${k}` }
    const t0 = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/issues`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { id: number }
    const ms = performance.now() - t0
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(json)}`)
    created[mode].push(json.id)
    return ms
  }
  console.log(`hex-writes on ${url.pathname}: ${new Date().toISOString()}, load average ${load()}`)
  for (let w = 0; w < 30; w++) await create('on') // warm-up: pool connections, plan caches
  const ms: Record<'off' | 'on', number[]> = { off: [], on: [] }
  for (let b = 0; b < blocks; b++) {
    const mode = b % 2 === 0 ? 'off' : 'on'
    await trigger(mode === 'on')
    for (let i = 0; i < per; i++) ms[mode].push(await create(mode))
  }
  await trigger(true)
  console.log(`create-issue without the hexagon rollup trigger: ${JSON.stringify(summary(ms.off))} ms`)
  console.log(`create-issue with the hexagon rollup trigger:    ${JSON.stringify(summary(ms.on))} ms`)
  console.log(`end ${new Date().toISOString()}, load average ${load()}`)
  await new Promise((r) => server.close(r))
} finally {
  // Deleted in the trigger state each was created in, so issue_hexes ends as it began.
  for (const mode of ['off', 'on'] as const) {
    if (!created[mode].length) continue
    await db.tx(async (q) => {
      if (mode === 'off') await q.exec('ALTER TABLE issues DISABLE TRIGGER issues_hexes_delete')
      // A create over the API writes its issue and its 'report' event (no photo, case or callback here).
      for (const t of ['issue_photos', 'issue_events']) await q.query(`DELETE FROM ${t} WHERE street_id = 1 AND issue_id = ANY ($1)`, [created[mode]])
      await q.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [created[mode]])
      if (mode === 'off') await q.exec('ALTER TABLE issues ENABLE TRIGGER issues_hexes_delete')
    })
  }
  await trigger(true)
  await db.query(`DELETE FROM api_tokens WHERE name = $1`, [`bench-hex-${process.pid}`]).catch(() => {})
  await db.close()
}
