/** Bike-parking coverage for the planning map: fetched when the layer is on, for its radius and window. */
import { shallowRef, watch, type Ref } from 'vue'
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'
import type { Filter } from '../../api/queries.ts'

export type Coverage = InferResponseType<(typeof api.analysis)['bike-coverage']['$get'], 200>

/** The coverage (with its geometry) of `radius` for the bike-parking issues of the filter's window; null while off. */
export function useCoverage(radius: Ref<number>, filter: Ref<Filter>) {
  const coverage = shallowRef<Coverage | null>(null)
  const error = shallowRef('')
  let seq = 0
  async function load() {
    const my = ++seq
    const r = radius.value
    if (!r) {
      coverage.value = null
      return
    }
    const f = filter.value
    const query: Record<string, string> = { radius: String(r), geometry: 'true' }
    if (f.from) query.from = f.from
    if (f.to) query.to = f.to
    try {
      const body = await fetchJson(api.analysis['bike-coverage'].$get({ query }))
      if (my === seq) {
        coverage.value = body
        error.value = ''
      }
    } catch (e) {
      if (my === seq) error.value = (e as Error).message
    }
  }
  watch(() => `${radius.value}|${filter.value.from}|${filter.value.to}`, load, { immediate: true })
  return { coverage, error }
}
