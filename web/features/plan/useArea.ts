/** The drawn area's numbers as the server's area analysis answers them (POST /analysis/area); a newer ask cancels an older one. */
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { InferResponseType } from 'hono/client'
import type { Polygon } from 'geojson'
import { api, ApiRequestError, fetchJson } from '../../api/client.ts'
import type { Filter } from '../../api/queries.ts'
import { spanWindow, type Span } from './filters.ts'

export type AreaAnswer = InferResponseType<typeof api.analysis.area.$post, 200>
/** Why there is no answer: the drawing (400/422), outside the street (422), the server busy (429/503), or anything else. */
export type AreaFailure = { kind: 'invalid' | 'outside' | 'busy' | 'failed'; message: string }

/** Sorts an API error into what the leader can do about it: redraw, draw inside the street, wait, or retry. */
export function failureOf(e: unknown): AreaFailure {
  const message = (e as Error).message
  if (!(e instanceof ApiRequestError)) return { kind: 'failed', message }
  if (e.code === 'outside_street') return { kind: 'outside', message }
  if (e.status === 400 || e.status === 422) return { kind: 'invalid', message }
  if (e.status === 429 || e.status === 503) return { kind: 'busy', message }
  return { kind: 'failed', message }
}

/** Asks the server for the analysis of `polygon` under the filter's window and categories, with the before/after windows. */
export function useArea(polygon: Ref<Polygon | null>, filter: Ref<Filter>, before: Ref<Span>, after: Ref<Span>) {
  const answer = shallowRef<AreaAnswer | null>(null)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const failure = shallowRef<AreaFailure | null>(null)
  let inflight: AbortController | null = null

  async function load() {
    inflight?.abort()
    const p = polygon.value
    answer.value = null
    failure.value = null
    if (!p) {
      status.value = 'idle'
      return
    }
    const mine = (inflight = new AbortController())
    status.value = 'loading'
    const f = filter.value
    const json = {
      polygon: p,
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
      ...(f.category ? { category: f.category.split(',') } : {}),
      compare: { before: spanWindow(before.value), after: spanWindow(after.value) },
    }
    try {
      const body = await fetchJson(api.analysis.area.$post({ json }, { init: { signal: mine.signal } }))
      if (mine !== inflight) return
      answer.value = body
      status.value = 'ready'
    } catch (e) {
      if (mine !== inflight) return
      failure.value = failureOf(e)
      status.value = 'error'
    }
  }

  // Only what the analysis reads: a status or community filter does not change the area's answer.
  const key = () => JSON.stringify([polygon.value, filter.value.from, filter.value.to, filter.value.category, before.value, after.value])
  watch(key, load, { immediate: true })
  return { answer, status, failure, reload: load }
}
