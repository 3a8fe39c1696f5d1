/**
 * Server-Sent Events from /api/v1/stream. The browser's EventSource cannot send headers, so with a
 * kiosk token the stream is read with fetch (which can), parsing the SSE text itself and reconnecting
 * with Last-Event-ID; without one it is a plain EventSource (the session cookie goes along).
 */
import { authHeaders } from './kiosk.ts'

export interface StreamHandlers {
  /** A named event arrived (`issue`, `kpi`, or `reset`: more was missed than is replayed, reload). */
  onEvent: (name: string) => void
  onOpen: () => void
  /** The stream dropped; `closed` = it will not retry by itself. */
  onError: (closed: boolean) => void
}

/** Opens the stream; returns a function that closes it for good. */
export function openStream(url: string, h: StreamHandlers): () => void {
  const headers = authHeaders()
  if (!headers.authorization) return openEventSource(url, h)
  return openFetchStream(url, headers, h)
}

function openEventSource(url: string, h: StreamHandlers): () => void {
  if (typeof EventSource === 'undefined') return () => undefined
  const es = new EventSource(url)
  es.addEventListener('issue', () => h.onEvent('issue'))
  es.addEventListener('kpi', () => h.onEvent('kpi'))
  es.addEventListener('reset', () => h.onEvent('reset'))
  es.addEventListener('open', h.onOpen)
  es.addEventListener('error', () => h.onError(es.readyState === EventSource.CLOSED))
  return () => es.close()
}

function openFetchStream(url: string, headers: Record<string, string>, h: StreamHandlers): () => void {
  let stopped = false
  let lastId = ''
  let retryMs = 3000
  let timer: ReturnType<typeof setTimeout> | undefined
  let abort: AbortController | null = null

  async function run() {
    abort = new AbortController()
    try {
      const res = await fetch(url, {
        headers: { ...headers, accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal: abort.signal,
      })
      if (!res.ok || !res.body) {
        h.onError(true)
        return
      }
      h.onOpen()
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buf = ''
      let event = 'message'
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buf += value
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).replace(/\r$/, '')
          buf = buf.slice(nl + 1)
          if (line === '') {
            if (event !== 'message') h.onEvent(event)
            event = 'message'
          } else if (line.startsWith('event:')) event = line.slice(6).trim()
          else if (line.startsWith('id:')) lastId = line.slice(3).trim()
          else if (line.startsWith('retry:')) retryMs = Number(line.slice(6)) || retryMs
        }
      }
      h.onError(false)
    } catch {
      if (!stopped) h.onError(false)
    }
    if (!stopped) timer = setTimeout(run, retryMs)
  }

  void run()
  return () => {
    stopped = true
    clearTimeout(timer)
    abort?.abort()
  }
}
