/**
 * DATABASE_REPLICA_URL on this machine: a primary and a hot standby of the test's own
 * (initdb + pg_basebackup, db/testing/own-cluster.ts; the shared server is never touched) and two
 * API processes reading aggregates from the standby. What must hold: aggregate reads are answered
 * by the standby (the processes' counters and the standby's own scan statistics say so); a write is
 * in its writer's next read at once; with replay paused, and with the standby stopped, reads go to
 * the primary and show the primary's numbers; nothing answers an error, no process exits.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReplicaStatus } from './replica.ts'
import { bareStreet } from './testing/bare-street.ts'
import { canOwnCluster, createOwnCluster, createStandby, type OwnCluster } from './testing/own-cluster.ts'
import { spawnServer, type ServerProcess } from './testing/server-process.ts'
import { until } from './testing/sse-follower.ts'
import { createServer } from 'node:net'

const onServer = process.env.TEST_ENGINE === 'postgres'
if (onServer && !canOwnCluster())
  console.warn(
    '[replica.test] skipped: no PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin (or, as root, no runuser) to make a cluster and a standby of our own',
  )
/** This test file's ports: its clusters', and its API processes'. */
const PG_PORTS = [5461, 5462, 5463, 5464, 5465, 5466, 5467, 5468, 5469]
const API_PORTS = [5441, 5442, 5443, 5444, 5445, 5446, 5447, 5448, 5449]

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

async function freeApiPort(taken: Set<number>): Promise<number> {
  for (const p of API_PORTS) if (!taken.has(p) && (await portFree(p))) return (taken.add(p), p)
  throw new Error(`no free port in ${API_PORTS.join(', ')}`)
}

/** One statement on a cluster, on a connection of its own. */
async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query(text, params)).rows as T[]
  } finally {
    await c.end()
  }
}

describe.runIf(onServer && canOwnCluster())(
  'a read replica: aggregates from a hot standby, read-your-writes, a lagging or stopped standby bypassed',
  () => {
    let primary: OwnCluster
    let standby: OwnCluster
    let url: string
    let replicaUrl: string
    let street: number
    let points: [number, number][]
    let tokens: string[] = []
    const servers: ServerProcess[] = []
    const failures: string[] = []
    /** Issues the API acknowledged (the street starts with none). */
    let written = 0

    beforeAll(async () => {
      primary = await createOwnCluster([], { ports: PG_PORTS })
      await primary.start()
      await sql(primary.url(), 'CREATE DATABASE cgm_replica')
      url = primary.url('cgm_replica')
      // A street without issues: every issue counted here is one this test wrote.
      ;({ street, tokens, points } = await bareStreet({ databaseUrl: url }, ['writer-a', 'writer-b']))
      standby = await createStandby(primary, { ports: PG_PORTS })
      await standby.start()
      replicaUrl = standby.url('cgm_replica')
      const taken = new Set<number>()
      for (let i = 0; i < 2; i++) {
        const port = await freeApiPort(taken)
        servers.push(await spawnServer({ DATABASE_URL: url, DATABASE_REPLICA_URL: replicaUrl, SEED: 'none', PORT: String(port) }))
      }
    }, 300_000)

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()))
      await standby?.destroy()
      await primary?.destroy()
    })

    const auth = (k: number) => ({ authorization: `Bearer ${tokens[k]}` })

    /** The street's issues counted in SQL on one cluster (not through the API). */
    const countOn = async (u: string) => (await sql<{ n: number }>(u, 'SELECT count(*)::int AS n FROM issues WHERE street_id = $1', [street]))[0].n

    /** The replica part of a process's /health. */
    async function replicaOf(s: ServerProcess): Promise<ReplicaStatus> {
      const res = await fetch(`${s.url}/api/v1/health`)
      expect(res.status).toBe(200)
      return ((await res.json()) as { db: { replica: ReplicaStatus } }).db.replica
    }

    /** /stats/summary's total, computed afresh (no-cache: the read cache does not answer it). */
    async function total(s: ServerProcess, k: number): Promise<number> {
      const res = await fetch(`${s.url}/api/v1/stats/summary`, { headers: { ...auth(k), 'cache-control': 'no-cache' } })
      if (res.status !== 200) failures.push(`GET summary → ${res.status} ${await res.text()}`)
      return ((await res.json()) as { total: number }).total
    }

    /** Reports an issue; `written` counts it once the API acknowledged it. */
    async function report(s: ServerProcess, k: number): Promise<void> {
      const n = written
      const [lon, lat] = points[n % points.length]
      const res = await fetch(`${s.url}/api/v1/issues`, {
        method: 'POST',
        headers: { ...auth(k), 'content-type': 'application/json' },
        body: JSON.stringify({ lon, lat, category: 'clutter', description: `replica-${n}` }),
      })
      if (res.status !== 201) failures.push(`POST issue → ${res.status} ${await res.text()}`)
      else written++
    }

    /** Scans of `issues` on the standby, from its own statistics (not from our counters). */
    const standbyScans = async () =>
      (
        await sql<{ n: number }>(
          replicaUrl,
          "SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int AS n FROM pg_stat_user_tables WHERE relname = 'issues'",
        )
      )[0].n

    const alive = () => {
      for (const s of servers) expect(s.child.exitCode ?? s.child.signalCode, s.log()).toBeNull()
    }

    it('answers aggregates from the standby once it has replayed the writes, with the primary’s numbers', async () => {
      for (let i = 0; i < 3; i++) await report(servers[0], 0)
      await until(async () => (await countOn(replicaUrl)) === written, 20_000)
      expect(await countOn(replicaUrl)).toBe(written)
      await until(async () => (await Promise.all(servers.map(replicaOf))).every((r) => r.state === 'up'), 20_000)
      // Each process's first read after the writes may find the standby a moment behind; then it serves.
      await until(async () => {
        await Promise.all(servers.map((s) => total(s, 1)))
        return (await Promise.all(servers.map(replicaOf))).every((r) => r.reads.replica > 0)
      }, 10_000)
      const before = await Promise.all(servers.map(replicaOf))
      const scans0 = await standbyScans()
      for (let i = 0; i < 10; i++) for (const s of servers) expect(await total(s, 1)).toBe(written)
      // Other aggregates go the same way (the expensive lane's view of the standby included).
      for (const path of ['/api/v1/stats/grids', '/api/v1/indicators', '/api/v1/layers/grids']) {
        const res = await fetch(`${servers[0].url}${path}`, { headers: { ...auth(1), 'cache-control': 'no-cache' } })
        expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
      }
      const after = await Promise.all(servers.map(replicaOf))
      for (let i = 0; i < servers.length; i++) {
        expect(after[i].reads.replica - before[i].reads.replica).toBeGreaterThanOrEqual(10)
        expect(after[i].reads.primary - before[i].reads.primary).toBe(0)
      }
      // The standby itself saw the scans (its statistics reach the view within the stats interval).
      await until(async () => (await standbyScans()) >= scans0 + 20, 15_000)
      expect(await standbyScans()).toBeGreaterThanOrEqual(scans0 + 20)
      expect(failures).toEqual([])
      alive()
    }, 90_000)

    it('shows a write to its writer at once, and to the other process within a second', async () => {
      for (let i = 0; i < 15; i++) {
        await report(servers[i % 2], i % 2)
        // The writer's next read, on the process it wrote through: at once, no waiting.
        expect(await total(servers[i % 2], i % 2)).toBe(written)
        // The other process hears of the write through LISTEN/NOTIFY a moment later.
        let seen = 0
        await until(async () => (seen = await total(servers[(i + 1) % 2], (i + 1) % 2)) === written, 1_000)
        expect(seen).toBe(written)
      }
      expect(await countOn(url)).toBe(written)
      expect(failures).toEqual([])
    }, 90_000)

    it('with replay paused on the standby, reads go to the primary and show the new numbers', async () => {
      await sql(replicaUrl, 'SELECT pg_wal_replay_pause()')
      await until(async () => (await Promise.all(servers.map(replicaOf))).every((r) => r.paused), 10_000)
      const stale = await countOn(replicaUrl)
      for (let i = 0; i < 6; i++) await report(servers[i % 2], i % 2)
      // Both processes have heard of every write (LISTEN/NOTIFY) before the counted reads.
      await until(async () => (await Promise.all(servers.map((s) => total(s, 0)))).every((t) => t === written), 5_000)
      const before = await Promise.all(servers.map(replicaOf))
      for (let i = 0; i < 5; i++) for (const [k, s] of servers.entries()) expect(await total(s, k)).toBe(written)
      const after = await Promise.all(servers.map(replicaOf))
      // The standby is behind (its own count is the old one) and nobody read from it.
      expect(await countOn(replicaUrl)).toBe(stale)
      expect(stale).toBeLessThan(written)
      for (let i = 0; i < servers.length; i++) {
        expect(after[i].reads.replica - before[i].reads.replica).toBe(0)
        expect(after[i].reads.primary - before[i].reads.primary).toBeGreaterThanOrEqual(5)
      }
      // /health's lag is the once-a-second check's: it shows the standby behind by its next round.
      let lags: (number | null)[] = []
      await until(async () => (lags = (await Promise.all(servers.map(replicaOf))).map((r) => r.lag_bytes)).every((l) => (l ?? 0) > 0), 5_000)
      for (const l of lags) expect(l).toBeGreaterThan(0)
      // Resumed, it catches up and answers again.
      await sql(replicaUrl, 'SELECT pg_wal_replay_resume()')
      await until(async () => (await countOn(replicaUrl)) === written, 20_000)
      await until(async () => {
        for (const [k, s] of servers.entries()) expect(await total(s, k)).toBe(written)
        return (await Promise.all(servers.map(replicaOf))).every((r, i) => r.reads.replica > after[i].reads.replica)
      }, 10_000)
      const resumed = await Promise.all(servers.map(replicaOf))
      resumed.forEach((r, i) => expect(r.reads.replica).toBeGreaterThan(after[i].reads.replica))
      expect(failures).toEqual([])
      alive()
    }, 90_000)

    it('with the standby stopped during a burst of reads and writes, every request is answered from the primary; started again, it serves again', async () => {
      let stop = false
      const totals: { got: number; min: number }[] = []
      // Readers on both processes: every answer at least the count acknowledged before it was asked.
      const readers = servers.map(async (s, k) => {
        while (!stop) {
          const min = written
          totals.push({ got: await total(s, k), min })
        }
      })
      try {
        await new Promise((r) => setTimeout(r, 500))
        await standby.stop('fast')
        for (let i = 0; i < 6; i++) await report(servers[i % 2], i % 2)
        await until(async () => (await Promise.all(servers.map(replicaOf))).every((r) => r.state === 'down'), 10_000)
        const before = await Promise.all(servers.map(replicaOf))
        for (const [k, s] of servers.entries()) {
          let t = 0
          await until(async () => (t = await total(s, k)) === written, 2_000)
          expect(t).toBe(written)
        }
        const after = await Promise.all(servers.map(replicaOf))
        after.forEach((r, i) => {
          expect(r.state).toBe('down')
          expect(r.reads.replica).toBe(before[i].reads.replica)
        })
      } finally {
        stop = true
        await Promise.all(readers)
      }
      expect(failures).toEqual([])
      expect(totals.length).toBeGreaterThan(10)
      expect(totals.filter((t) => t.got < t.min)).toEqual([])
      alive()

      await standby.start()
      await until(async () => (await Promise.all(servers.map(replicaOf))).every((r) => r.state === 'up'), 20_000)
      const back = await Promise.all(servers.map(replicaOf))
      await until(async () => {
        for (const [k, s] of servers.entries()) expect(await total(s, k)).toBe(written)
        return (await Promise.all(servers.map(replicaOf))).every((r, i) => r.reads.replica > back[i].reads.replica)
      }, 15_000)
      const last = await Promise.all(servers.map(replicaOf))
      last.forEach((r, i) => expect(r.reads.replica).toBeGreaterThan(back[i].reads.replica))
      expect(await countOn(url)).toBe(written)
      expect(failures).toEqual([])
      alive()
    }, 120_000)
  },
)
