/**
 * 市民随手拍 under load (issue 20), on both engines, with the abuse defences on:
 *
 * 1. `POST /public/reports` at 50 connections, each report a multipart form with a 1600 × 1200
 *    JPEG (what /report sends after its canvas downscale), a solved proof-of-work challenge and its
 *    own sender, beside the staff path in the same run: `POST /photos` with the same JPEG and
 *    `POST /issues` with a photo, as an inspector's bearer token. Medians over rounds, non-2xx counted.
 * 2. The 待审核 queue (`GET /moderation/reports?limit=50`, what ModerationQueue loads) with 10,000
 *    pending reports: median of several reads after a warm-up, against the 100 ms the issue sets.
 *
 * What the bench configures, and why (docs/performance.md says the same):
 * - TRUST_PROXY=127.0.0.1 and a distinct X-Forwarded-For address and X-Device-Id per report: the
 *   limits (20 reports per address and 5 per device in 10 minutes) are constants, so 50 connections
 *   from one address would be 429 after the 20th; the bench stands where the reverse proxy of
 *   docs/deployment.md stands and sends each report as a different resident. The counters are still
 *   written per request (one upsert per key) and a check after the timed runs shows the 21st report
 *   from one address answered 429 and a repeat folded.
 * - PUBLIC_POW_BITS (BENCH_POW_BITS, 12): the work is the client's; the server's share (issue, take,
 *   one SHA-256) does not depend on the bits. Challenges are fetched and solved before the timed
 *   window, one per report; at the default 16 bits 3,000 solves would take minutes of CPU here.
 *
 * BENCH_REPORTS (600) reports per timed run, BENCH_ROUNDS (3), BENCH_SECONDS (5) for the upload
 * runs, BENCH_ENGINES (pglite,postgres), BENCH_PENDING (10000), BENCH_DATABASE_URL or
 * TEST_DATABASE_URL: the server on which a throw-away database is created.
 */
import { pointOnFeature } from '@turf/turf'
import autocannon from 'autocannon'
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { FeatureCollection, Polygon } from 'geojson'
import { openDb } from '../../db/open.ts'
import { sql } from '../../db/sql.ts'
import { spawnServer, type ServerProcess } from '../../db/testing/server-process.ts'
import { newCode } from '../../api/public/code.ts'
import { streetPhoto } from './photo.ts'

const REPORTS = Number(process.env.BENCH_REPORTS ?? 600)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const POW_BITS = Number(process.env.BENCH_POW_BITS ?? 12)
const PENDING = Number(process.env.BENCH_PENDING ?? 10_000)
const CONNECTIONS = 50
const QUEUE_READS = 15
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',')
const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
const PASSWORD = 'bench-admin-password-public-reports'
const BULK = sql(import.meta.url, 'pending.sql')

const PHOTO = streetPhoto()
const THUMB = streetPhoto(160, 120, 7)

interface Figures {
  rps: number
  p50: number
  p99: number
  n: number
  errors: number
  non2xx: number
  statuses: Record<string, number>
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ')

/** One autocannon run: `amount` requests (each prepared ones used once) or SECONDS of them. */
async function run(opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ connections: CONNECTIONS, ...opts })
  const statuses: Record<string, number> = {}
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statuses[k] = (v as { count: number }).count
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    n: r.requests.total,
    errors: r.errors, // autocannon's errors include its timeouts (10 s)
    non2xx: r.non2xx,
    statuses,
  }
}

// --- the resident's report, prepared as /report prepares it (web/features/public/public.api.ts) ---

const zeroBits = (d: Buffer) => {
  let n = 0
  for (const b of d) {
    if (b) return n + Math.clz32(b) - 24
    n += 8
  }
  return n
}
/** The nonce the page's solveChallenge finds (the same search order). */
function solve(seed: string, bits: number): string {
  for (let i = 0; ; i++)
    if (
      zeroBits(
        createHash('sha256')
          .update(`${seed}:${i.toString(36)}`)
          .digest(),
      ) >= bits
    )
      return i.toString(36)
}

const BOUNDARY = '----cgmBenchBoundary7MA4YWxkTrZu0gW'
/** The multipart body the browser's FormData makes for one report with one photo. */
function reportBody(fields: Record<string, string>, photo: Buffer | null): Buffer {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
  if (!photo) return Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`)
  const head = `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
  return Buffer.concat([Buffer.from(head), photo, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)])
}

interface Resident {
  address: string
  device: string
  fields: Record<string, string>
}

let residents = 0
/** A new resident: an address (as the trusted proxy reports it) and a device id nobody used before. */
function resident(): { address: string; device: string } {
  const n = residents++
  return { address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, device: `bench-device-${n.toString(36).padStart(6, '0')}` }
}

/** `n` reports, each from its own resident, with a challenge fetched and solved (outside any timed window). */
async function prepareReports(url: string, n: number, points: number[][], categories: string[]): Promise<Resident[]> {
  const out: Resident[] = []
  for (let i = 0; i < n; i++) {
    const who = resident()
    const res = await fetch(`${url}/api/v1/public/challenge`, { headers: { 'x-forwarded-for': who.address } })
    if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`)
    const ch = (await res.json()) as { seed: string; bits: number }
    const [lon, lat] = points[i % points.length]
    out.push({
      ...who,
      fields: {
        lon: lon.toFixed(7),
        lat: lat.toFixed(7),
        category: categories[i % categories.length],
        description: `人行道上堆放杂物，影响通行 ${who.device}`,
        pow_seed: ch.seed,
        pow_nonce: solve(ch.seed, ch.bits),
      },
    })
  }
  return out
}

const reportRequest = (r: Resident, photo: Buffer | null = PHOTO) => ({
  method: 'POST' as const,
  path: '/api/v1/public/reports',
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-forwarded-for': r.address, 'x-device-id': r.device },
  body: reportBody(r.fields, photo),
})

/** The public path: the prepared reports, each sent once. */
async function publicRun(url: string, prepared: Resident[]): Promise<Figures> {
  let k = 0
  return run({
    url,
    amount: prepared.length - CONNECTIONS,
    requests: [{ setupRequest: (req) => ({ ...req, ...reportRequest(prepared[k++]) }) }],
  })
}

// --- the staff path: an inspector's bearer token, as a machine client or the phone app files ---

async function uploadThumbs(url: string, auth: string, n: number): Promise<string[]> {
  const ids: string[] = []
  const one = async () => {
    const res = await fetch(`${url}/api/v1/photos`, {
      method: 'POST',
      body: new Uint8Array(THUMB),
      headers: { authorization: auth, 'content-type': 'image/jpeg' },
    })
    if (res.status !== 201) throw new Error(`photo upload: ${res.status} ${await res.text()}`)
    ids.push(((await res.json()) as { id: string }).id)
  }
  for (let i = 0; i < n; i += 8) await Promise.all(Array.from({ length: Math.min(8, n - i) }, one))
  return ids
}

/** POST /issues with a photo uploaded before the window (the id is what the request carries). */
async function staffIssueRun(url: string, auth: string, photos: string[], points: number[][], categories: string[]): Promise<Figures> {
  let k = 0
  return run({
    url,
    amount: photos.length - CONNECTIONS,
    requests: [
      {
        setupRequest: (req) => {
          const i = k++
          const [lon, lat] = points[i % points.length]
          const body = { lon, lat, category: categories[i % categories.length], description: `bench: staff report ${i}`, photos: [photos[i]] }
          return {
            ...req,
            method: 'POST',
            path: '/api/v1/issues',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }
        },
      },
    ],
  })
}

/** POST /photos with the 1600 × 1200 JPEG, for SECONDS (each upload is independent). */
const staffUploadRun = (url: string, auth: string) =>
  run({
    url,
    duration: SECONDS,
    requests: [{ method: 'POST', path: '/api/v1/photos', headers: { authorization: auth, 'content-type': 'image/jpeg' }, body: PHOTO }],
  })

// --- the engines ---

interface Engine {
  env: Record<string, string>
  open: () => ReturnType<typeof openDb>
  drop: () => Promise<void>
}

async function makeEngine(name: string): Promise<Engine> {
  if (name === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cgm-bench-public-'))
    return { env: { DATA_DIR: dir }, open: () => openDb({ dataDir: join(dir, 'pglite') }), drop: () => rm(dir, { recursive: true, force: true }) }
  }
  if (!SERVER) throw new Error('BENCH_DATABASE_URL or TEST_DATABASE_URL names the server for the postgres engine')
  const dbName = `cgm_public_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: SERVER })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  await admin.end()
  const u = new URL(SERVER)
  u.pathname = `/${dbName}`
  return {
    env: { DATABASE_URL: u.toString() },
    open: () => openDb({ databaseUrl: u.toString() }),
    drop: async () => {
      const a = new pg.Client({ connectionString: SERVER })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      await a.end()
    },
  }
}

async function inspectorToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  const res = await fetch(`${url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-inspector', role: 'inspector', expires_in_days: 1 }),
  })
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`)
  return `Bearer ${((await res.json()) as { token: string }).token}`
}

/**
 * One request on its own connection: a 429 is answered before the body is read, and the server then
 * closes that connection, which a pooled client would reuse.
 */
function post(url: string, req: ReturnType<typeof reportRequest>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(`${url}${req.path}`, { method: req.method, headers: req.headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    r.on('error', reject)
    r.end(req.body)
  })
}

/** After the timed runs: the defences answered as they should while the bench ran. */
async function defencesCheck(url: string, points: number[][], categories: string[]): Promise<string> {
  const [one] = await prepareReports(url, 1, points, categories)
  const send = (r: Resident, photo: Buffer | null = PHOTO) => post(url, reportRequest(r, photo))
  const first = await send(one)
  const [again] = await prepareReports(url, 1, points, categories)
  const repeat = await send({
    ...again,
    address: one.address,
    device: one.device,
    fields: { ...one.fields, pow_seed: again.fields.pow_seed, pow_nonce: again.fields.pow_nonce },
  })
  const folded = (JSON.parse(repeat.body) as { folded: boolean }).folded
  // one address, new devices: its 21st report in the window is refused before any work (text only,
  // so the refused request has no large body left unread)
  const flood = await prepareReports(url, 21, points, categories)
  const codes: number[] = []
  for (const r of flood) codes.push((await send({ ...r, address: '10.255.255.1' }, null)).status)
  const replay = await send(one) // the first report's challenge again
  return (
    `first ${first.status}, same report again within a minute ${repeat.status} folded=${folded}; ` +
    `21 reports from one address: ${codes.filter((c) => c === 201).length} × 201, ${codes.filter((c) => c === 429).length} × 429; ` +
    `a used challenge again: ${replay.status}`
  )
}

async function pendingCount(url: string, auth: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/moderation/reports?limit=1`, { headers: { authorization: auth } })
  return ((await res.json()) as { pending: number }).pending
}

/** Tops the pending reports up to PENDING with the bulk insert, the server stopped (PGlite is one process's). */
async function fillQueue(e: Engine, pending: number): Promise<number> {
  const n = PENDING - pending
  if (n <= 0) return 0
  const db = await e.open()
  try {
    const [{ id }] = await db.query<{ id: number }>('SELECT min(id) AS id FROM streets')
    const codes = Array.from({ length: n }, newCode)
    const t = performance.now()
    await db.tx((q) => q.query(BULK, [id, codes, new Date(), THUMB]))
    await db.query('ANALYZE public_reports')
    await db.query('ANALYZE issue_photos')
    return performance.now() - t
  } finally {
    await db.close()
  }
}

/** Median, p90 and worst of QUEUE_READS reads of `path` after five unmeasured ones. */
async function timeReads(url: string, auth: string, path: string) {
  const read = async () => {
    const t = performance.now()
    const res = await fetch(`${url}${path}`, { headers: { authorization: auth } })
    const body = (await res.json()) as { pending: number; reports: unknown[] }
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    return { ms: performance.now() - t, pending: body.pending, rows: body.reports.length }
  }
  for (let i = 0; i < 5; i++) await read()
  const xs: { ms: number; pending: number; rows: number }[] = []
  for (let i = 0; i < QUEUE_READS; i++) xs.push(await read())
  const ms = xs.map((x) => x.ms).sort((a, b) => a - b)
  return { median: median(ms), p90: ms[Math.floor(ms.length * 0.9)], max: ms[ms.length - 1], pending: xs[0].pending, rows: xs[0].rows }
}

const fmt = (f: Pick<Figures, 'rps' | 'p50' | 'p99' | 'n' | 'errors' | 'non2xx'>) =>
  `${Math.round(f.rps).toString().padStart(5)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms  n ${f.n}  errors ${f.errors}  non-2xx ${f.non2xx}`

function summary(fs: Figures[]) {
  const statuses: Record<string, number> = {}
  for (const f of fs) for (const [k, v] of Object.entries(f.statuses)) statuses[k] = (statuses[k] ?? 0) + v
  return {
    rps: median(fs.map((f) => f.rps)),
    p50: median(fs.map((f) => f.p50)),
    p99: median(fs.map((f) => f.p99)),
    n: fs.reduce((s, f) => s + f.n, 0),
    errors: fs.reduce((s, f) => s + f.errors, 0),
    non2xx: fs.reduce((s, f) => s + f.non2xx, 0),
    statuses,
  }
}

async function engine(name: string): Promise<void> {
  const e = await makeEngine(name)
  const env = { ...e.env, SEED: 'dongtang', ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: '127.0.0.1', PUBLIC_POW_BITS: String(POW_BITS) }
  let server: ServerProcess | undefined = await spawnServer(env)
  try {
    const url = server.url
    const auth = await inspectorToken(url)
    const grids = (await (await fetch(`${url}/api/v1/layers/grids`)).json()) as FeatureCollection<Polygon>
    const points = grids.features.map((f) => pointOnFeature(f).geometry.coordinates)
    const form = (await (await fetch(`${url}/api/v1/public/categories`)).json()) as { categories: { code: string }[] }
    const categories = form.categories.map((c) => c.code)

    // warm-up (JIT, pools, caches) on all three, unmeasured
    await publicRun(url, await prepareReports(url, 150, points, categories))
    await staffIssueRun(url, auth, await uploadThumbs(url, auth, 150), points, categories)
    await run({
      url,
      amount: 100,
      requests: [{ method: 'POST', path: '/api/v1/photos', headers: { authorization: auth, 'content-type': 'image/jpeg' }, body: PHOTO }],
    })

    const pub: Figures[] = []
    const staffIssue: Figures[] = []
    const staffUpload: Figures[] = []
    let prepMs = 0
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now()
      const prepared = await prepareReports(url, REPORTS + CONNECTIONS, points, categories)
      const photos = await uploadThumbs(url, auth, REPORTS + CONNECTIONS)
      prepMs += performance.now() - t
      pub.push(await publicRun(url, prepared))
      staffIssue.push(await staffIssueRun(url, auth, photos, points, categories))
      staffUpload.push(await staffUploadRun(url, auth))
    }
    const p = summary(pub)
    const si = summary(staffIssue)
    const su = summary(staffUpload)
    const ratio = (a: Figures[], b: Figures[]) => median(a.map((f, i) => f.rps / b[i].rps)).toFixed(2)
    console.log(`\n${name}: medians of ${ROUNDS} rounds, ${CONNECTIONS} connections, ${REPORTS} reports per run (uploads: ${SECONDS} s)`)
    console.log(
      `  photo ${(PHOTO.length / 1024).toFixed(0)} KB JPEG 1600×1200; proof of work ${POW_BITS} bits solved before each run (${(prepMs / 1000).toFixed(1)} s of preparing in all)`,
    )
    console.log(`  ${'POST /public/reports + photo'.padEnd(32)} ${fmt(p)}  statuses ${JSON.stringify(p.statuses)}`)
    console.log(`  ${'POST /issues + photo id (staff)'.padEnd(32)} ${fmt(si)}  statuses ${JSON.stringify(si.statuses)}`)
    console.log(`  ${'POST /photos 1600 px (staff)'.padEnd(32)} ${fmt(su)}  statuses ${JSON.stringify(su.statuses)}`)
    console.log(
      `  public / staff issue: ${ratio(pub, staffIssue)}× req/s;  public / staff upload: ${ratio(pub, staffUpload)}× req/s (same-round ratios, median)`,
    )
    console.log(`  defences after the runs: ${await defencesCheck(url, points, categories)}`)

    // the 待审核 queue with PENDING waiting
    const before = await pendingCount(url, auth)
    await server.stop()
    server = undefined
    const fillMs = await fillQueue(e, before)
    server = await spawnServer(env)
    const q50 = await timeReads(server.url, auth, '/api/v1/moderation/reports?limit=50')
    const q1 = await timeReads(server.url, auth, '/api/v1/moderation/reports?limit=1')
    console.log(`  待审核 queue: ${q50.pending} pending (${before} from the runs, the rest bulk-inserted in ${(fillMs / 1000).toFixed(1)} s)`)
    console.log(
      `  ${'GET /moderation/reports?limit=50'.padEnd(32)} median ${q50.median.toFixed(1)} ms  p90 ${q50.p90.toFixed(1)} ms  max ${q50.max.toFixed(1)} ms  (${q50.rows} rows, ${QUEUE_READS} reads)  ${q50.median <= 100 ? 'within' : 'OVER'} 100 ms`,
    )
    console.log(
      `  ${'GET /moderation/reports?limit=1'.padEnd(32)} median ${q1.median.toFixed(1)} ms  p90 ${q1.p90.toFixed(1)} ms  max ${q1.max.toFixed(1)} ms  (the badge)`,
    )
  } finally {
    await server?.stop()
    await e.drop()
  }
}

console.log(`${new Date().toISOString()}  ${cpus().length} × ${cpus()[0]?.model}  load average ${load(loadavg())}`)
for (const name of ENGINES) await engine(name)
console.log(`load average after: ${load(loadavg())}`)
