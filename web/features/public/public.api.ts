/** Calls of the resident pages (/report, /report/:code): no login, the typed client where it fits. */
import { api } from '../../api/client.ts'
import { solveChallenge } from './sha256.ts'

/** An answer that is not 2xx, with the server's Chinese message. */
async function failure(res: Response): Promise<Error> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
  return new Error(body?.error?.message ?? `HTTP ${res.status}`)
}

/** The categories, the street's outline and whether the channel is open. */
export async function loadForm() {
  const res = await api.public.categories.$get({ query: {} })
  if (!res.ok) throw await failure(res as unknown as Response)
  return res.json()
}
export type ReportForm = Awaited<ReturnType<typeof loadForm>>

/** A random id this browser keeps, so the server can count reports per device (no personal data). */
function deviceId(): string {
  const key = 'cgm.device'
  let id = localStorage.getItem(key)
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
    localStorage.setItem(key, id)
  }
  return id
}

export interface ReportInput {
  lon: number
  lat: number
  category: string
  description: string
  phone: string
  photos: Blob[]
}

/** Solves the proof of work, then sends the report as a form; resolves with the 查询码. */
export async function sendReport(r: ReportInput): Promise<string> {
  const chRes = await fetch('/api/v1/public/challenge')
  if (!chRes.ok) throw await failure(chRes)
  const ch = (await chRes.json()) as { seed: string; bits: number }
  const nonce = await solveChallenge(ch.seed, ch.bits)
  const f = new FormData()
  f.append('lon', r.lon.toFixed(7))
  f.append('lat', r.lat.toFixed(7))
  f.append('category', r.category)
  f.append('description', r.description)
  if (r.phone) f.append('phone', r.phone)
  f.append('pow_seed', ch.seed)
  f.append('pow_nonce', nonce)
  for (const p of r.photos) f.append('photo', p, 'photo.jpg')
  const res = await fetch('/api/v1/public/reports', { method: 'POST', body: f, headers: { 'x-device-id': deviceId() } })
  if (!res.ok) throw await failure(res)
  return ((await res.json()) as { code: string }).code
}

/** The public timeline of a report. */
export async function trackReport(code: string) {
  const res = await api.public.reports[':code'].$get({ param: { code }, query: {} })
  if (!res.ok) throw await failure(res as unknown as Response)
  return res.json()
}
export type Tracked = Awaited<ReturnType<typeof trackReport>>

/** The reporter's "解决了吗" answer. */
export async function answer(code: string, satisfied: boolean, note: string) {
  const res = await api.public.reports[':code'].feedback.$post({ param: { code }, query: {}, json: { satisfied, ...(note ? { note } : {}) } })
  if (!res.ok) throw await failure(res as unknown as Response)
  return res.json()
}

/** The street's public map of accepted reports (404 with a Chinese message while it is off). */
export async function publicMap() {
  const res = await api.public.map.$get({ query: {} })
  if (!res.ok) throw await failure(res as unknown as Response)
  return res.json()
}
export type PublicMap = Awaited<ReturnType<typeof publicMap>>
