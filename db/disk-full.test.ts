/**
 * The embedded database's disk fills up: the server's DATA_DIR on a small tmpfs of the test's own,
 * filled with a ballast file while the server runs. What must hold: writes are answered 507
 * `storage_full` with a Chinese message and are absent; reads go on with the right numbers; the
 * process stays up; once the ballast is removed writes succeed again without a restart; after a
 * restart every acknowledged write is there once, no failed one is, and the indexes agree with the
 * tables. Needs root to mount the tmpfs (CI runs as root); skipped otherwise.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from './pglite.ts'
import { bareStreet } from './testing/bare-street.ts'
import { spawnServer, type ServerProcess } from './testing/server-process.ts'

const onPglite = process.env.TEST_ENGINE === 'pglite'
/** This test file's API ports. */
const API_PORTS = [5441, 5442, 5443, 5444, 5445, 5446, 5447, 5448, 5449]
/** Big enough for the street with PostGIS (about 60 MB) and its WAL segment; the ballast takes the rest. */
const TMPFS_MB = 160

/** A tmpfs mounted on a new directory, or why not (not root, no CAP_SYS_ADMIN in a container). */
function mountTmpfs(): { dir: string } | { skip: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { skip: 'needs root on Linux to mount a tmpfs' }
  const dir = mkdtempSync(join(tmpdir(), 'cgm-disk-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' })
    return { dir }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    return { skip: `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})` }
  }
}

const mounted = onPglite ? mountTmpfs() : { skip: 'embedded engine only' }
if ('skip' in mounted && onPglite) console.warn(`[disk-full.test] skipped: ${mounted.skip}`)

async function freeApiPort(): Promise<number> {
  for (const p of API_PORTS) {
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer()
      s.once('error', () => resolve(false))
      s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (free) return p
  }
  throw new Error(`no free port in ${API_PORTS.join(', ')}`)
}

/** Writes a file until the file system has no space left; returns its path. */
function fillUp(dir: string): string {
  const path = join(dir, 'ballast')
  const fd = openSync(path, 'w')
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const buf = Buffer.alloc(size, 1)
      try {
        for (;;) writeSync(fd, buf)
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOSPC') throw err
      }
    }
  } finally {
    closeSync(fd)
  }
  return path
}

type Outcome = { marker: string; status: number; code?: string; message?: string }

describe.runIf('dir' in mounted)('the embedded database’s disk fills up', () => {
  const dir = 'dir' in mounted ? mounted.dir : ''
  let token: string
  let points: [number, number][]
  let server: ServerProcess | undefined

  beforeAll(async () => {
    ;({
      tokens: [token],
      points,
    } = await bareStreet({ dataDir: dir }, ['disk-full']))
  }, 300_000)

  afterAll(() => {
    if (!dir) return
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  const auth = () => ({ authorization: `Bearer ${token}` })

  async function report(s: ServerProcess, k: number): Promise<Outcome> {
    const marker = `disk-${k}-${randomUUID()}`
    const [lon, lat] = points[k % points.length]
    const res = await fetch(`${s.url}/api/v1/issues`, {
      method: 'POST',
      // A long description: each write takes space, so the full disk is met soon.
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ lon, lat, category: 'clutter', description: `${marker} ${'满'.repeat(600)}` }),
    })
    const body = (await res.json()) as { error?: { code: string; message: string } }
    return { marker, status: res.status, code: body.error?.code, message: body.error?.message }
  }

  async function total(s: ServerProcess): Promise<{ status: number; total?: number }> {
    const res = await fetch(`${s.url}/api/v1/stats/summary`, { headers: { ...auth(), 'cache-control': 'no-cache' } })
    return { status: res.status, total: res.ok ? ((await res.json()) as { total: number }).total : undefined }
  }

  it('writes fail with 507 storage_full, reads go on, writes resume when space returns, nothing is corrupted', async () => {
    const outcomes: Outcome[] = []
    let k = 0
    const start = async () => spawnServer({ DATA_DIR: dir, SEED: 'none', PORT: String(await freeApiPort()) })
    server = await start()
    try {
      for (let i = 0; i < 5; i++) outcomes.push(await report(server, k++))
      expect(outcomes.map((o) => o.status)).toEqual([201, 201, 201, 201, 201])

      const ballast = fillUp(dir)
      const full: Outcome[] = []
      // Until the pages that still had room are used up, then every write is refused.
      for (let i = 0; i < 400 && full.filter((o) => o.status === 507).length < 10; i++) full.push(await report(server, k++))
      outcomes.push(...full)
      const refused = full.filter((o) => o.status !== 201)
      expect(refused.length).toBeGreaterThanOrEqual(10)
      for (const o of refused) {
        expect([o.status, o.code]).toEqual([507, 'storage_full'])
        expect(o.message).toMatch(/存储空间已满/)
      }
      // Reads go on, with the number of the writes acknowledged.
      const acked = () => outcomes.filter((o) => o.status === 201).length
      for (let i = 0; i < 5; i++) expect(await total(server)).toEqual({ status: 200, total: acked() })
      expect((await fetch(`${server.url}/api/v1/issues?limit=5`, { headers: auth() })).status).toBe(200)
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200)
      expect(server.child.exitCode ?? server.child.signalCode, server.log()).toBeNull()

      // Space returns: writes succeed again, no restart.
      unlinkSync(ballast)
      const after: Outcome[] = []
      for (let i = 0; i < 5; i++) after.push(await report(server, k++))
      outcomes.push(...after)
      expect(after.map((o) => o.status)).toEqual([201, 201, 201, 201, 201])
      expect(await total(server)).toEqual({ status: 200, total: acked() })
      await server.stop()

      // After a restart: every acknowledged write once, no refused one, the indexes agree with the heap.
      const db = await openPglite(join(dir, 'pglite'))
      try {
        const rows = await db.query<{ marker: string; n: number }>(
          "SELECT split_part(description, ' ', 1) AS marker, count(*)::int AS n FROM issues WHERE description LIKE 'disk-%' GROUP BY 1",
        )
        const stored = new Map(rows.map((r) => [r.marker, r.n]))
        expect(outcomes.filter((o) => o.status === 201 && stored.get(o.marker) !== 1).map((o) => o.marker)).toEqual([])
        expect(outcomes.filter((o) => o.status !== 201 && stored.has(o.marker)).map((o) => o.marker)).toEqual([])
        const [seq] = await db.tx(async (q) => {
          await q.query("SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)")
          return q.query<{ n: number; ids: number }>('SELECT count(*)::int AS n, sum(id)::int AS ids FROM issues')
        })
        const [idx] = await db.tx(async (q) => {
          await q.query("SELECT set_config('enable_seqscan', 'off', true)")
          return q.query<{ n: number; ids: number }>('SELECT count(*)::int AS n, sum(id)::int AS ids FROM issues WHERE id > 0')
        })
        expect(idx).toEqual(seq)
        expect(seq.n).toBe(acked())
        // Each acknowledged issue has its report event (written in the same transaction).
        const [ev] = await db.query<{ n: number }>(
          "SELECT count(DISTINCT issue_id)::int AS n FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE i.description LIKE 'disk-%'",
        )
        expect(ev.n).toBe(acked())
      } finally {
        await db.close()
      }
      server = await start()
      expect(await total(server)).toEqual({ status: 200, total: acked() })
      expect((await report(server, k++)).status).toBe(201)
    } finally {
      await server?.stop()
    }
  }, 300_000)
})
