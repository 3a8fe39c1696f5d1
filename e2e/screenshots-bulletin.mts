/**
 * Regenerates docs/screenshots/bulletin.png (the weekly 通报's first page) from a running server with
 * the demo data: `npx tsx e2e/screenshots-bulletin.mts http://127.0.0.1:8080`. It inspects three
 * points per community this week through the API (failing some items, with canvas photos) and
 * closes two of the issues, so do not point it at a street's real database. Not a test: someone must look.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { DEMO_PASSWORD } from '../api/auth/bootstrap.ts'
import { launch } from './harness/browser.ts'
import { canvasPhoto } from './harness/photo.ts'

const origin = process.argv[2] ?? 'http://127.0.0.1:8080'
const OUT = 'docs/screenshots'
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

const cookies: Record<string, string> = {}
async function request(method: string, path: string, who: string, body?: unknown, raw?: Buffer): Promise<Response> {
  if (!cookies[who]) {
    const res = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who, password: DEMO_PASSWORD }),
    })
    cookies[who] = res.headers.get('set-cookie')!.split(';')[0]
  }
  const type: Record<string, string> = raw ? { 'content-type': 'image/png' } : body ? { 'content-type': 'application/json' } : {}
  return fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { cookie: cookies[who], ...type },
    body: raw ? new Uint8Array(raw) : body ? JSON.stringify(body) : undefined,
  })
}
const call = async (method: string, path: string, who: string, body?: unknown, raw?: Buffer): Promise<Json> => {
  const res = await request(method, path, who, body, raw)
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as Json
}

const browser = await launch()
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } })
  const colours = ['#8a6', '#c96', '#69c', '#a7a', '#7aa', '#ca6']
  let n = 0
  const photo = async (who: string) =>
    (await call('POST', '/photos', who, undefined, await canvasPhoto(page, colours[n++ % colours.length], 800, 600))).id
  const points = (await (await request('GET', '/layers/points', 'leader')).json()) as Json
  const byCommunity = new Map<string, Json[]>()
  for (const f of points.features)
    byCommunity.set(f.properties.community_code, [...(byCommunity.get(f.properties.community_code) ?? []), f.properties])
  const lists = new Map<string, Json>()
  const issues: number[] = []
  let k = 0
  for (const pts of byCommunity.values()) {
    for (const p of pts.slice(0, 3)) {
      if (!lists.has(p.class_code)) lists.set(p.class_code, (await call('GET', `/checklists?class=${p.class_code}`, 'inspector'))[0])
      const list = lists.get(p.class_code)!
      const fails = (k++ * 7) % 5 === 0 ? [0, 1] : k % 3 === 0 ? [k % list.items.length] : []
      const items = []
      for (const [j, i] of (list.items as Json[]).entries()) {
        const failed = fails.includes(j)
        items.push({ code: i.code, pass: !failed, ...(failed ? { note: '现场发现', photos: [await photo('inspector')] } : {}) })
      }
      const r = await call('POST', '/inspections', 'inspector', { point_code: p.code, items })
      issues.push(...r.issues)
    }
  }
  for (const id of issues.slice(0, 2)) {
    await call('POST', `/issues/${id}/transitions`, 'leader', { action: 'assign' })
    await call('POST', `/issues/${id}/transitions`, 'leader', { action: 'rectify', note: '已整改', photos: [await photo('leader')] })
    await call('POST', `/issues/${id}/transitions`, 'inspector', { action: 'approve', note: '复查通过' })
  }
  const html = await (await request('GET', '/bulletins/weekly?format=html', 'leader')).text()
  await page.setContent(html, { waitUntil: 'load' })
  mkdirSync(OUT, { recursive: true })
  await page.screenshot({ path: `${OUT}/bulletin.png`, fullPage: true })
  const docx = await request('GET', '/bulletins/weekly?format=docx', 'leader')
  writeFileSync('/tmp/bulletin.docx', new Uint8Array(await docx.arrayBuffer()))
  console.log(`${issues.length} issues from ${k} inspections; ${OUT}/bulletin.png, /tmp/bulletin.docx`)
} finally {
  await browser.close()
}
