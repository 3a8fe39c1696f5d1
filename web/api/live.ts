/**
 * Keeps a view's data fresh without a person at the keyboard: polls every `intervalMs`, refreshes
 * soon after a Server-Sent Event from /api/v1/stream when the server has it (./stream.ts), and reconnects after
 * the API restarts. `online` drives the "reconnecting" badge; the last good data stays on screen.
 */
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { openStream } from './stream.ts'

export interface LiveOptions {
  intervalMs?: number
  /** Wait after a pushed change before refetching, so a burst of events costs one refresh. */
  debounceMs?: number
  streamUrl?: string | null
}

/** Runs `refresh` on a schedule and on pushed changes; returns the connection state. */
export function useLive(refresh: () => Promise<void>, opts: LiveOptions = {}) {
  const { intervalMs = 30_000, debounceMs = 1500, streamUrl = '/api/v1/stream' } = opts
  const online = ref(true)
  const lastOk = ref<Date | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let pushTimer: ReturnType<typeof setTimeout> | undefined
  let closeStream: (() => void) | null = null
  let esRetry: ReturnType<typeof setTimeout> | undefined
  let running = false
  // A refresh asked for while one is in flight (e.g. the viewer switched the time window): the
  // running one may have read the old settings, so one more follows it.
  let again = false
  let stopped = false

  async function tick() {
    clearTimeout(timer)
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        try {
          await refresh()
          online.value = true
          lastOk.value = new Date()
        } catch {
          online.value = false
        }
      } while (again && !stopped)
    } finally {
      running = false
    }
    // While offline, try again sooner than the normal interval.
    if (!stopped) timer = setTimeout(tick, online.value ? intervalMs : Math.min(5000, intervalMs))
  }

  function onPush() {
    clearTimeout(pushTimer)
    pushTimer = setTimeout(tick, debounceMs)
  }

  function connect() {
    if (!streamUrl || stopped) return
    closeStream = openStream(streamUrl, {
      onEvent: onPush,
      // After a server restart, catch up on whatever changed while the stream was down.
      onOpen: () => online.value || onPush(),
      onError: (closed) => {
        // A dropped stream usually means the API went away: check now rather than at the next poll,
        // so the "reconnecting" badge shows within seconds.
        if (online.value) void tick()
        if (closed) {
          closeStream?.()
          closeStream = null
          // e.g. a server without /stream yet (404): polling carries on, the stream is retried rarely.
          esRetry = setTimeout(connect, 60_000)
        }
      },
    })
  }

  onMounted(() => {
    void tick()
    connect()
  })
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
    clearTimeout(pushTimer)
    clearTimeout(esRetry)
    closeStream?.()
  })
  return { online, lastOk, refreshNow: tick }
}
