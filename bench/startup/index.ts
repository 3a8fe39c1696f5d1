/**
 * Start-up of the embedded database: first start (create, migrate, seed 东塘) and restarts on the
 * same DATA_DIR, timed from launching the server process to its first healthy answer.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../../db/testing/server-process.ts'

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 5)

async function timedStart(env: Record<string, string>): Promise<number> {
  const t0 = performance.now()
  const server = await spawnServer(env)
  const ms = performance.now() - t0
  await server.stop()
  return ms
}

const dataDir = await mkdtemp(join(tmpdir(), 'cgm-bench-startup-'))
const env = { DATA_DIR: dataDir, SEED: 'dongtang', ADMIN_PASSWORD: 'bench-admin-password' }
try {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  console.log(`first start (create + migrate + seed): ${((await timedStart(env)) / 1000).toFixed(1)} s (target ≤ 30 s)`)
  const restarts: number[] = []
  for (let k = 0; k < RESTARTS; k++) restarts.push(await timedStart(env))
  const sorted = [...restarts].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  console.log(`restarts: ${restarts.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; median ${(median / 1000).toFixed(1)} s (target ≤ 5 s)`)
} finally {
  await rm(dataDir, { recursive: true, force: true })
}
