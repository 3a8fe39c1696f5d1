/** The planning view's statistics under the URL's filters; a newer filter cancels an older answer. */
import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import {
  getCommunityStats,
  getGridStats,
  getStreetIndicators,
  getSummary,
  type CommunityStat,
  type GridStat,
  type Indicators,
  type Summary,
} from '../../api/queries.ts'
import { fromQuery, toFilter, toQuery, type PlanState } from './filters.ts'
import { previousWindow } from './place.ts'

/** Filters (from/to the URL) and the statistics and grid table they select (aggregates only, never the issue list). */
export function usePlanData() {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => fromQuery(route.query))
  const filter = computed(() => toFilter(state.value))

  const summary = shallowRef<Summary | null>(null)
  const indicators = shallowRef<Indicators | null>(null)
  /** The same numbers for the window of the same length just before (环比); null without a window. */
  const previous = shallowRef<{ summary: Summary; indicators: Indicators | null } | null>(null)
  const grids = shallowRef<GridStat[]>([])
  const communities = shallowRef<CommunityStat[]>([])
  // Categories of the street (codes and names) from an unfiltered summary, for the filter list.
  const categories = shallowRef<{ code: string; name: string }[]>([])
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = ref('')
  let seq = 0

  /** Updates part of the state by rewriting the URL (replace: filters are not history steps). */
  function set(patch: Partial<PlanState>) {
    void router.replace({ query: toQuery({ ...state.value, ...patch }) })
  }

  async function load() {
    const my = ++seq
    status.value = 'loading'
    const f = filter.value
    try {
      const prev = previousWindow(f)
      const [s, g, c, ind, ps, pi] = await Promise.all([
        getSummary(f),
        getGridStats(f),
        getCommunityStats(f),
        getStreetIndicators(f),
        prev ? getSummary({ ...f, ...prev }) : null,
        prev ? getStreetIndicators({ ...f, ...prev }) : null,
      ])
      if (my !== seq) return
      previous.value = ps ? { summary: ps, indicators: pi } : null
      summary.value = s
      indicators.value = ind
      grids.value = g
      communities.value = c
      status.value = 'ready'
    } catch (e) {
      if (my !== seq) return
      error.value = (e as Error).message
      status.value = 'error'
    }
  }

  // Stringified so that equal filters (e.g. a measure change) do not refetch.
  watch(() => JSON.stringify(filter.value), load, { immediate: true })
  void getSummary()
    .then((s) => (categories.value = s.by_category.map((c) => ({ code: c.category, name: c.name }))))
    .catch(() => {})

  return { state, filter, set, summary, indicators, previous, grids, communities, categories, status, error, reload: load }
}
