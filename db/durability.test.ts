import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import type { Db } from './adapter.ts'
import { openPglite } from './pglite.ts'
import { openPostgres } from './postgres.ts'
import { spawnServer } from './testing/server-process.ts'

// A point inside 东塘 (its centre, within the street's generated boundary).
const BODY = { lon: 112.9855, lat: 28.1635, category: 'clutter', description: '断电测试：楼道堆放杂物', source: 'inspection' }

/** Logs in to a running server and returns the Cookie header of the session. */
async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  expect(res.status).toBe(200)
  return res.headers.get('set-cookie')!.split(';')[0]
}

/** Fires writes (as the signed-in `cookie`) from several loops until stopped; returns the ids acknowledged. */
function burst(url: string, loops: number, cookie: string) {
  const acked: number[] = []
  let running = true
  const one = async () => {
    while (running) {
      const res = await fetch(`${url}/api/v1/issues`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(BODY),
      }).catch(() => null)
      if (!res) return // the server is gone
      if (res.status === 201) acked.push(((await res.json()) as { properties: { id: number } }).properties.id)
    }
  }
  const done = Promise.all(Array.from({ length: loops }, one))
  return { acked, stop: async () => ((running = false), done) }
}

async function check(db: Db, acked: number[]) {
  const present = await db.query<{ id: number }>('SELECT id FROM issues WHERE id = ANY($1)', [acked])
  const orphans = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM issues i
     WHERE NOT EXISTS (SELECT 1 FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id)`,
  )
  const dangling = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM issue_events e
     WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.street_id = e.street_id AND i.id = e.issue_id)`,
  )
  return { missing: acked.length - present.length, orphans: orphans[0].n, dangling: dangling[0].n }
}

describe('a server killed (SIGKILL) in the middle of a burst of writes', () => {
  it('keeps every acknowledged write, whole, after a restart', async () => {
    const server = process.env.TEST_ENGINE === 'postgres'
    const env: Record<string, string> = { SEED: 'none' }
    if (server) env.DATABASE_URL = process.env.CGM_PG_URL!
    else {
      env.DATA_DIR = await mkdtemp(join(tmpdir(), 'cgm-crash-'))
      await cp(process.env.CGM_PGLITE_TEMPLATE!, join(env.DATA_DIR, 'pglite'), { recursive: true })
    }
    const first = await spawnServer(env)
    const b = burst(first.url, 4, await login(first.url, 'inspector'))
    while (b.acked.length < 40) await new Promise((r) => setTimeout(r, 20))
    await first.stop('SIGKILL')
    await b.stop()
    expect(b.acked.length).toBeGreaterThanOrEqual(40)

    // The restarted server must come up on the same data and serve every acknowledged issue.
    const again = await spawnServer(env)
    const cookie = await login(again.url, 'leader')
    for (const id of b.acked.slice(-5)) expect((await fetch(`${again.url}/api/v1/issues/${id}`, { headers: { cookie } })).status).toBe(200)
    await again.stop()

    const db = server ? await openPostgres(env.DATABASE_URL, 1) : await openPglite(join(env.DATA_DIR, 'pglite'))
    try {
      expect(await check(db, b.acked)).toEqual({ missing: 0, orphans: 0, dangling: 0 })
    } finally {
      await db.close()
    }
  })
})
