/**
 * OGC API – Features at 10⁵ issues (issue 21): pages of 1,000 issues through /ogc, against our plain
 * /api/v1/issues list in the same run (the peer GDAL would otherwise read), and GDAL itself as the
 * client: the OAPIF driver copying the whole issues collection to GeoPackage, and ogr2ogr reading one
 * page of 1,000 from each interface. Real server process on a fresh embedded database.
 * `npx tsx bench/ogc/index.ts [--count=100000] [--keep=1] [--rounds=3]`
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DEMO_PASSWORD } from '../../api/auth/bootstrap.ts'
import { migrate } from '../../db/migrate.ts'
import { openPglite } from '../../db/pglite.ts'
import { loadIssues, loadStreet } from '../../db/seed/index.ts'
import { spawnServer } from '../../db/testing/server-process.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'

const run = promisify(execFile)
const arg = (name: string, fallback: string) => process.argv.find((s) => s.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const count = Number(arg('count', '100000'))
const keep = arg('keep', '0') === '1'
const rounds = Number(arg('rounds', '3'))
const PAGE = 1000

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]
const ms = (x: number) => `${x.toFixed(1)} ms`

async function dataDir(): Promise<string> {
  const dir = keep ? join(os.tmpdir(), `cgm-bench-ogc-${count}`) : await mkdtemp(join(os.tmpdir(), 'cgm-bench-ogc-'))
  if (keep && existsSync(join(dir, 'loaded'))) return dir
  await rm(join(dir, 'pglite'), { recursive: true, force: true })
  await mkdir(join(dir, 'pglite'), { recursive: true })
  const t0 = performance.now()
  const db = await openPglite(join(dir, 'pglite'))
  await migrate(db)
  const data = dongtang()
  await db.tx(async (q) => {
    await loadStreet(q, data)
    await loadIssues(q, data.street, generateIssues(data, { count, seed: 21, now: new Date() }))
  })
  await db.exec('VACUUM ANALYZE')
  await db.close()
  if (keep) await mkdir(join(dir, 'loaded'))
  console.log(`loaded ${count} issues in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return dir
}

/** Walks every page; returns each page's time and the features seen. */
async function walk(first: string, cookie: string, nextOf: (body: Record<string, unknown>, url: string) => string | null) {
  const times: number[] = []
  let features = 0
  let url: string | null = first
  const t0 = performance.now()
  while (url) {
    const t = performance.now()
    const res = await fetch(url, { headers: { cookie } })
    const body = (await res.json()) as Record<string, unknown> & { features: unknown[] }
    times.push(performance.now() - t)
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`)
    features += body.features.length
    url = nextOf(body, url)
  }
  return { times, features, total: performance.now() - t0 }
}

const dir = await dataDir()
const server = await spawnServer({ DATA_DIR: dir, SEED: 'none' })
try {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
  })
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  )

  const ogc: Awaited<ReturnType<typeof walk>>[] = []
  const plain: Awaited<ReturnType<typeof walk>>[] = []
  for (let r = 0; r < rounds; r++) {
    ogc.push(
      await walk(`${server.url}/ogc/collections/issues/items?limit=${PAGE}`, cookie, (b) => {
        const next = (b.links as { rel: string; href: string }[]).find((l) => l.rel === 'next')
        return next ? next.href : null
      }),
    )
    plain.push(
      await walk(`${server.url}/api/v1/issues?limit=${PAGE}`, cookie, (b) => {
        const cursor = (b.meta as { next_cursor: string | null }).next_cursor
        return cursor ? `${server.url}/api/v1/issues?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}` : null
      }),
    )
  }
  const row = (name: string, w: Awaited<ReturnType<typeof walk>>[]) => {
    const times = w.flatMap((x) => x.times)
    const perS = median(w.map((x) => (x.features / x.total) * 1000))
    console.log(
      `${name}: ${w[0].features} features in ${w[0].times.length} pages; page p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))}; ${perS.toFixed(0)} features/s (median of ${rounds})`,
    )
    return perS
  }
  const a = row('/ogc items (limit=1000, next links)', ogc)
  const b = row('/api/v1/issues (limit=1000, cursor)', plain)
  console.log(`ratio /ogc ÷ /issues features/s: ${(a / b).toFixed(2)}`)

  // GDAL as the client, with the leader's session as a header.
  const headers = join(dir, 'headers.txt')
  await writeFile(headers, `Cookie: ${cookie}\n`)
  const env = { ...process.env, GDAL_HTTP_HEADER_FILE: headers, GDAL_HTTP_TIMEOUT: '600' }
  const gdalOne = async (src: string) => {
    const t = performance.now()
    await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', src], { env, maxBuffer: 1024 * 1024 * 1024 })
    return performance.now() - t
  }
  const one = { ogc: [] as number[], plain: [] as number[] }
  for (let r = 0; r < 5; r++) {
    one.ogc.push(await gdalOne(`${server.url}/ogc/collections/issues/items?limit=${PAGE}`))
    one.plain.push(await gdalOne(`${server.url}/api/v1/issues?limit=${PAGE}`))
  }
  console.log(`ogr2ogr one page of ${PAGE}: /ogc ${ms(median(one.ogc))}, /api/v1/issues ${ms(median(one.plain))} (median of 5)`)
  const copies: number[] = []
  for (let r = 0; r < rounds; r++) {
    const out = join(dir, `copy-${r}.gpkg`)
    await rm(out, { force: true })
    const t = performance.now()
    await run('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${server.url}/ogc`, 'issues', '-oo', `PAGE_SIZE=${PAGE}`], { env })
    copies.push(performance.now() - t)
  }
  const m = median(copies)
  console.log(
    `ogr2ogr OAPIF → GeoPackage, whole issues collection: ${(m / 1000).toFixed(1)} s, ${((count / m) * 1000).toFixed(0)} features/s (median of ${rounds})`,
  )
} finally {
  await server.stop()
  if (!keep) await rm(dir, { recursive: true, force: true })
}
