/**
 * A live-stream client that behaves as a browser's EventSource behind a load balancer: when its
 * stream ends or its process goes away it reconnects (to the next live process of `bases`) with
 * Last-Event-ID, until closed. Records every issue event it was sent, duplicates included.
 */
import { parseFrame, type Frame } from '../../api/stream/test-reader.ts'

export type Follower = {
  /** Every `issue` event id received, in order of arrival (a duplicate would appear twice). */
  ids: () => number[]
  frames: Frame[]
  /** How many streams were opened (1 + reconnections), and how many ended by the server (not cut). */
  opened: () => number
  ended: () => number
  /** The statuses of refused connection attempts (503 while the database is down, …). */
  refused: number[]
  close: () => Promise<void>
}

/** Reads one stream's frames into `frames`: returns when the server ends it, throws when it is cut. */
export async function readFrames(res: Response, frames: Frame[]): Promise<void> {
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let buf = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    buf += dec.decode(value, { stream: true })
    let cut
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      frames.push(parseFrame(buf.slice(0, cut)))
      buf = buf.slice(cut + 2)
    }
  }
}

/** One stream without reconnection (from `lastId` when given): every frame it got until closed or cut. */
export function stream(base: string, token: string, lastId?: number) {
  const frames: Frame[] = []
  const ctl = new AbortController()
  const headers: Record<string, string> = { authorization: `Bearer ${token}` }
  if (lastId !== undefined) headers['last-event-id'] = String(lastId)
  const done = (async () => {
    try {
      const res = await fetch(`${base}/api/v1/stream?heartbeat_ms=200`, { headers, signal: ctl.signal })
      if (res.status !== 200) throw new Error(`stream: ${res.status}`)
      await readFrames(res, frames)
    } catch {
      // aborted, or the process was killed: the caller reconnects
    }
  })()
  const ids = () => frames.filter((f) => f.event === 'issue').map((f) => f.id!)
  return { frames, ids, done, close: () => ctl.abort() }
}

export function follow(bases: () => string[], token: string, start = 0, retryMs = 250): Follower {
  const frames: Frame[] = []
  const refused: number[] = []
  const ctl = new AbortController()
  let opened = 0
  let ended = 0
  let k = start
  const ids = () => frames.filter((f) => f.event === 'issue').map((f) => f.id!)
  const loop = (async () => {
    while (!ctl.signal.aborted) {
      const list = bases()
      const base = list[k % list.length]
      const seen = ids()
      const headers: Record<string, string> = { authorization: `Bearer ${token}` }
      if (seen.length) headers['last-event-id'] = String(seen[seen.length - 1])
      try {
        const res = await fetch(`${base}/api/v1/stream?heartbeat_ms=200`, { headers, signal: ctl.signal })
        if (res.status !== 200) {
          refused.push(res.status)
          await res.body?.cancel()
        } else {
          opened++
          await readFrames(res, frames)
          ended++
        }
      } catch {
        // Cut (the process died) or closed by us: try the next process.
        k++
      }
      if (!ctl.signal.aborted) await new Promise((r) => setTimeout(r, retryMs))
    }
  })()
  return {
    ids,
    frames,
    opened: () => opened,
    ended: () => ended,
    refused,
    close: async () => {
      ctl.abort()
      await loop
    },
  }
}

/** Resolves once `pred` holds, or after `ms` (the caller's expectations then say what did not happen). */
export async function until(pred: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await pred()) return
    await new Promise((r) => setTimeout(r, 50))
  }
}
