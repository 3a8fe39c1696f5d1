/** Test helper: reads GET /stream through app.request() as parsed Server-Sent Events frames. */
import { expect } from 'vitest'
import { testApp } from '../../db/testing/app.ts'

export interface Frame {
  id?: number
  event?: string
  data?: Record<string, unknown>
  comment?: string
}

/** Parses one SSE block (the text between blank lines). */
export function parseFrame(block: string): Frame {
  const f: Frame = {}
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) f.comment = line.slice(1).trim()
    else if (line.startsWith('id: ')) f.id = Number(line.slice(4))
    else if (line.startsWith('event: ')) f.event = line.slice(7)
    else if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6))
  }
  return f
}

/** Opens the stream (as the given headers' user, on an app with `env` settings) and returns a reader of parsed SSE frames. */
export async function openStream(headers: Record<string, string> = {}, query = 'heartbeat_ms=100', env: Record<string, string> = {}) {
  const app = await testApp(env)
  const res = await app.request(`/api/v1/stream?${query}`, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  let done = false
  const frames: Frame[] = []
  // A read that lost a race with a timeout stays pending and is awaited next time, so no chunk is lost.
  let reading: Promise<ReadableStreamReadResult<Uint8Array>> | null = null

  /** Reads one chunk (or waits `left` ms) into `frames`; sets `done` once the server has ended the stream. */
  async function pump(left: number): Promise<void> {
    reading ??= reader.read().catch(() => ({ done: true as const, value: undefined }))
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), left)))
    const chunk = await Promise.race([reading, timeout])
    clearTimeout(timer)
    if (!chunk) return
    reading = null
    if (chunk.done) {
      done = true
      return
    }
    buf += dec.decode(chunk.value, { stream: true })
    let cut
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      frames.push(parseFrame(buf.slice(0, cut)))
      buf = buf.slice(cut + 2)
    }
  }

  /** Every frame up to and including the first that matches `pred`, failing after `ms`. */
  async function upTo(pred: (f: Frame) => boolean, ms = 2000): Promise<Frame[]> {
    const deadline = Date.now() + ms
    for (;;) {
      const hit = frames.findIndex(pred)
      if (hit >= 0) return frames.splice(0, hit + 1)
      const left = deadline - Date.now()
      if (left <= 0 || done) throw new Error(done ? 'stream ended before a matching frame' : 'no matching frame in time')
      await pump(left)
    }
  }

  /** Waits for a frame matching `pred` (skipping the others), failing after `ms`. */
  const next = async (pred: (f: Frame) => boolean, ms = 2000): Promise<Frame> => (await upTo(pred, ms)).pop()!

  /** Waits until the server ends the stream, failing after `ms`; returns the frames read meanwhile. */
  async function ended(ms = 2000): Promise<Frame[]> {
    const deadline = Date.now() + ms
    while (!done) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('the stream is still open')
      await pump(left)
    }
    return frames.splice(0)
  }

  return { next, upTo, ended, close: () => reader.cancel() }
}
