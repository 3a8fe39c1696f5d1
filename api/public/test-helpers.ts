/** Helpers of the public-channel tests: a client address per test, the proof of work, a report form, a moderated report. */
import { randomBytes } from 'node:crypto'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside, send, step, type Json } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from '../photos/test-images.ts'
import { solves } from './challenge.ts'

type App = Awaited<ReturnType<typeof testApp>>

/** The node-server bindings of a request from `address` (what getConnInfo reads). */
export const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

/** A fresh random IPv6 documentation address: practically never the same twice. */
export const freshAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`

/** The nonce that answers a challenge (brute force, as the page does). */
export function solve(seed: string, bits: number): string {
  for (let n = 0; ; n++) if (solves(seed, n.toString(36), bits)) return n.toString(36)
}

export interface ReportInput {
  lon?: number | string
  lat?: number | string
  category?: string
  description?: string
  phone?: string
  photos?: Uint8Array[]
  crs?: string
}

/** A solved challenge for `address` on `app`. */
export async function pow(app: App, address: string): Promise<{ pow_seed: string; pow_nonce: string }> {
  const res = await app.request('/api/v1/public/challenge', {}, from(address))
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`)
  const ch = (await res.json()) as { seed: string; bits: number }
  return { pow_seed: ch.seed, pow_nonce: solve(ch.seed, ch.bits) }
}

/** The multipart form of a report (a point inside the street and one photo unless told otherwise). */
export async function reportForm(input: ReportInput, proof: Record<string, string> | null): Promise<FormData> {
  const [lon, lat] = await pointInside(3)
  const f = new FormData()
  const fields: Record<string, string | number | undefined> = {
    lon: input.lon ?? lon,
    lat: input.lat ?? lat,
    category: input.category ?? 'clutter',
    description: input.description ?? '楼道口堆满杂物',
    phone: input.phone,
    crs: input.crs,
    ...proof,
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) f.append(k, String(v))
  for (const p of input.photos ?? [PLAIN_JPEG]) f.append('photo', new Blob([new Uint8Array(p)], { type: 'image/jpeg' }), 'p.jpg')
  return f
}

/** Sends a report from `address` (a fresh one unless given); the device id header when `device` is set. */
export async function submit(input: ReportInput = {}, opts: { app?: App; address?: string; device?: string; proof?: boolean } = {}) {
  const app = opts.app ?? (await testApp({ PUBLIC_POW_BITS: '8' }))
  const address = opts.address ?? freshAddress()
  const proof = opts.proof === false ? null : await pow(app, address)
  const headers: Record<string, string> = opts.device ? { 'x-device-id': opts.device } : {}
  const res = await app.request('/api/v1/public/reports', { method: 'POST', headers, body: await reportForm(input, proof) }, from(address))
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers }
}

/** The id of the report behind a code (what the moderation queue shows staff). */
export async function reportId(code: string): Promise<number> {
  const db = await testDb()
  const [r] = await db.query<{ id: number }>('SELECT id FROM public_reports WHERE code = $1', [code])
  return Number(r.id)
}

/** A report sent and accepted by the leader; returns its code, report id and issue id. */
export async function acceptedReport(input: ReportInput = {}) {
  const r = await submit(input)
  if (r.status !== 201) throw new Error(`report: ${r.status} ${JSON.stringify(r.body)}`)
  const id = await reportId(r.body.code)
  const ok = await send('POST', `/api/v1/moderation/reports/${id}`, { action: 'accept' }, await cookieOf('leader'))
  if (ok.status !== 200) throw new Error(`accept: ${ok.status} ${JSON.stringify(ok.body)}`)
  return { code: r.body.code as string, id, issue: ok.body.issue_id as number }
}

/** An accepted report brought to 销号, the rectification with an after photo. */
export async function closedReport(input: ReportInput = {}) {
  const a = await acceptedReport(input)
  const up = await (
    await testApp()
  ).request('/api/v1/photos', { method: 'POST', body: new Uint8Array(PLAIN_JPEG), headers: { cookie: await cookieOf('leader') } })
  const photo = ((await up.json()) as Json).id as string
  for (const body of [{ action: 'assign' }, { action: 'rectify', note: '已清理', photos: [photo] }, { action: 'approve' }]) {
    const s = await step(a.issue, body)
    if (s.status !== 200) throw new Error(`${body.action}: ${s.status} ${JSON.stringify(s.body)}`)
  }
  return a
}
