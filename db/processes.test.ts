/**
 * Several API processes on one PostgreSQL (as behind a load balancer): a write on one reaches the
 * live clients of the other, and when one is killed (-9) during a burst of writes every
 * acknowledged write is in the database and its SSE client, reconnected to the other process with
 * Last-Event-ID, has every event exactly once. Also `WORKERS=2` (Node's cluster module).
 */
import { randomUUID } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stream, until } from './testing/sse-follower.ts'
import { DEMO_ISSUES } from './bootstrap.ts'
import { bareStreet } from './testing/bare-street.ts'
import { spawnServer, type ServerProcess } from './testing/server-process.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'

describe.runIf(onServer)('several API processes on one PostgreSQL', () => {
  const name = `cgm_scale_procs_${process.pid}`
  let url: string
  let admin: pg.Client
  let token: string
  let street: number
  let points: [number, number][]
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.CGM_PG_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    const u = new URL(process.env.CGM_PG_URL!)
    u.pathname = `/${name}`
    url = u.toString()
    // A street without issues (fast to load), on its own database: the servers run on the real clock.
    ;({
      street,
      tokens: [token],
      points,
    } = await bareStreet({ databaseUrl: url }, ['procs']))
  })
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  const report = async (base: string, k: number): Promise<number | null> => {
    const [lon, lat] = points[k % points.length]
    const res = await fetch(`${base}/api/v1/issues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lon, lat, category: 'clutter', description: `多进程 ${k} ${randomUUID()}` }),
    }).catch(() => null)
    if (res?.status !== 201) return null
    return ((await res.json()) as { properties: { id: number } }).properties.id
  }

  it('a write on one process reaches the live clients of the other, and kill -9 of one loses nothing acknowledged', async () => {
    const servers: ServerProcess[] = await Promise.all([0, 1].map(() => spawnServer({ DATABASE_URL: url, SEED: 'none' })))
    const [a, b] = servers
    try {
      const dbq = new pg.Client({ connectionString: url })
      await dbq.connect()
      const eventIds = async () =>
        (await dbq.query<{ id: string }>('SELECT id FROM issue_events WHERE street_id = $1 ORDER BY id', [street])).rows.map((r) => Number(r.id))
      const onA = stream(a.url, token)
      const onB = stream(b.url, token)
      await until(() => onA.frames.length > 0 && onB.frames.length > 0, 10_000)

      // One write on A: B's client hears it (through NOTIFY), A's too.
      const first = await report(a.url, 0)
      expect(first).not.toBeNull()
      await until(() => onB.ids().length === 1 && onA.ids().length === 1, 5_000)
      expect(onB.ids()).toEqual(await eventIds())
      expect(onA.ids()).toEqual(await eventIds())

      // A burst alternating between the two; A is killed in the middle of it.
      const acknowledged: number[] = [first!]
      for (let k = 1; k <= 30; k++) {
        if (k === 15) a.child.kill('SIGKILL')
        const id = await report(k % 2 ? a.url : b.url, k)
        if (id !== null) acknowledged.push(id)
      }
      expect(a.child.exitCode ?? a.child.signalCode).toBe('SIGKILL')
      expect(acknowledged.length).toBeGreaterThanOrEqual(22) // 7 of A's 15 writes after the kill fail, the rest land

      // A's client lost its process: it reconnects to B from the last id it saw.
      await onA.done
      const seen = onA.ids()
      const again = stream(b.url, token, seen[seen.length - 1])
      const all = await eventIds()
      await until(() => onB.ids().length === all.length && seen.length + again.ids().length === all.length, 10_000)

      const rows = await dbq.query<{ id: number }>('SELECT id FROM issues WHERE street_id = $1 AND id = ANY($2::bigint[])', [street, acknowledged])
      expect(rows.rowCount).toBe(acknowledged.length)
      expect(onB.ids()).toEqual(all)
      expect([...seen, ...again.ids()]).toEqual(all)
      onB.close()
      again.close()
      await dbq.end()
    } finally {
      await Promise.all(servers.map((s) => s.stop()))
    }
  })

  it('two processes started at once on an empty database prepare it once: every migration, one street, one admin', async () => {
    const empty = `${name}_empty`
    await admin.query(`CREATE DATABASE ${empty}`)
    const u = new URL(url)
    u.pathname = `/${empty}`
    let servers: ServerProcess[] = []
    try {
      // both seed the demo street on start; without one preparation at a time they race on the same migrations
      const started = await Promise.allSettled([0, 1].map(() => spawnServer({ DATABASE_URL: u.toString(), SEED: 'dongtang' })))
      servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ready'))).toEqual(['ready', 'ready'])
      const c = new pg.Client({ connectionString: u.toString() })
      await c.connect()
      const files = (await readdir(new URL('./migrations/', import.meta.url))).filter((f) => /^\d{4}_.+\.sql$/.test(f))
      const one = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0].n)
      expect(await one('SELECT count(*) AS n FROM schema_migrations')).toBe(files.length)
      expect(await one('SELECT count(*) AS n FROM streets')).toBe(1)
      expect(await one("SELECT count(*) AS n FROM users WHERE username = 'admin'")).toBe(1)
      expect(await one('SELECT count(*) AS n FROM issues')).toBe(DEMO_ISSUES)
      await c.end()
      for (const s of servers) expect((await fetch(`${s.url}/api/v1/health`)).status).toBe(200)
    } finally {
      await Promise.all(servers.map((s) => s.stop()))
      await admin.query(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`)
    }
  })

  it('WORKERS=2 runs two processes on one port that share live events', async () => {
    const server = await spawnServer({ DATABASE_URL: url, SEED: 'none', WORKERS: '2' })
    try {
      const pids = new Set<string>()
      // Each new connection may go to either worker; the log names the workers that started.
      await until(() => (server.log().match(/\[civic-grid (\d+)\] ready/g) ?? []).length === 2, 30_000)
      for (const m of server.log().matchAll(/\[civic-grid (\d+)\] ready/g)) pids.add(m[1])
      expect(pids.size).toBe(2)
      const clients = Array.from({ length: 4 }, () => stream(server.url, token))
      await until(() => clients.every((c) => c.frames.length > 0), 10_000)
      const before = clients.map((c) => c.ids().length)
      for (let k = 0; k < 4; k++) expect(await report(server.url, k)).not.toBeNull()
      await until(() => clients.every((c, i) => c.ids().length === before[i] + 4), 5_000)
      expect(clients.map((c, i) => c.ids().length - before[i])).toEqual([4, 4, 4, 4])
      for (const c of clients) c.close()
    } finally {
      await server.stop()
    }
  })
})
