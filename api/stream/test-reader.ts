/** Test helper: reads GET /stream through app.request() as parsed Server-Sent Events frames. */
import { expect } from 'vitest'
import { testApp } from '../../db/testing/app.ts'

export interface Frame {
  id?: number
  event?: string
  data?: Record<string, unknown>
  comment?: string
}

/** Opens the stream (as the given headers' user) and returns a reader of parsed SSE frames. */
export async function openStream(headers: Record<string, string> = {}, query = 'heartbeat_ms=100') {
  const app = await testApp()
  const res = await app.request(`/api/v1/stream?${query}`, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  const frames: Frame[] = []
  /** Waits for a frame matching `pred`, failing after `ms`. */
  async function next(pred: (f: Frame) => boolean, ms = 2000): Promise<Frame> {
    const deadline = Date.now() + ms
    for (;;) {
      const hit = frames.findIndex(pred)
      if (hit >= 0) return frames.splice(0, hit + 1)[hit]
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no matching frame in time')
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))])
      if (!chunk || chunk.done) continue
      buf += dec.decode(chunk.value, { stream: true })
      let cut
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut)
        buf = buf.slice(cut + 2)
        const f: Frame = {}
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) f.comment = line.slice(1).trim()
          else if (line.startsWith('id: ')) f.id = Number(line.slice(4))
          else if (line.startsWith('event: ')) f.event = line.slice(7)
          else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6))
        }
        frames.push(f)
      }
    }
  }
  /** Every frame that arrives within `ms` (for asserting what did not come). */
  async function drain(ms: number): Promise<Frame[]> {
    const got: Frame[] = []
    const end = Date.now() + ms
    while (Date.now() < end) {
      try {
        got.push(await next(() => true, end - Date.now()))
      } catch {
        break
      }
    }
    return got
  }
  return { next, drain, close: () => reader.cancel() }
}

