/** Residents' reports sent to the API as the /report page sends them: a challenge, its proof of work, the form with a photo. */
import { solve } from '../../api/public/test-helpers.ts'
import { PLAIN_JPEG } from '../../api/photos/test-images.ts'

export interface PublicReport {
  at: number[]
  description: string
  category?: string
  phone?: string
  photo?: Uint8Array
  /** The page's device id (per-device limits count by it). */
  device?: string
}

/** Sends one report; its 查询码. Throws with the API's answer unless it is 201. */
export async function sendPublicReport(origin: string, r: PublicReport): Promise<string> {
  const ch = (await (await fetch(`${origin}/api/v1/public/challenge`)).json()) as { seed: string; bits: number }
  const f = new FormData()
  f.append('lon', r.at[0].toFixed(7))
  f.append('lat', r.at[1].toFixed(7))
  f.append('category', r.category ?? 'clutter')
  f.append('description', r.description)
  if (r.phone) f.append('phone', r.phone)
  f.append('pow_seed', ch.seed)
  f.append('pow_nonce', solve(ch.seed, ch.bits))
  f.append('photo', new Blob([new Uint8Array(r.photo ?? PLAIN_JPEG)], { type: 'image/jpeg' }), 'p.jpg')
  const res = await fetch(`${origin}/api/v1/public/reports`, { method: 'POST', body: f, headers: r.device ? { 'x-device-id': r.device } : {} })
  const body = (await res.json()) as { code?: string }
  if (res.status !== 201 || !body.code) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`)
  return body.code
}
