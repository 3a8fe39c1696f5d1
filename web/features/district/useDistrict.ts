/** The district view's data: the ranking (GET /district) for a window and an indicator, and the streets' outlines. */
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { FeatureCollection, Geometry } from 'geojson'
import { api, ApiRequestError, fetchJson } from '../../api/client.ts'

export const RANK_BY = ['rectification_rate', 'on_time_rate', 'callback_satisfaction_rate', 'assessment_score', 'per_km2'] as const
export type RankBy = (typeof RANK_BY)[number]

export type DistrictStreet = {
  code: string
  name: string
  synthetic: boolean
  area_km2: number
  total: number
  overdue: number
  per_km2: number
  rectification_rate: number | null
  on_time_rate: number | null
  callback_satisfaction_rate: number | null
  assessment_score: number | null
  rank: number | null
}

const DAY_MS = 86_400_000

/** Colour of a rank among n (1 = best, green; last = red); grey when unranked. */
export function rankColour(rank: number | null, n: number): string {
  const RAMP = ['#1a9850', '#91cf60', '#fee08b', '#fc8d59', '#d73027']
  if (rank === null) return '#8a96a8'
  return RAMP[n <= 1 ? 0 : Math.round(((rank - 1) / (n - 1)) * (RAMP.length - 1))]
}

/** Loads the ranking whenever the indicator or the window changes. */
export function useDistrict(by: Ref<RankBy>, days: Ref<number>) {
  const rows = shallowRef<DistrictStreet[]>([])
  const week = ref('')
  const outlines = shallowRef<FeatureCollection<Geometry, { code: string; name: string; synthetic: boolean }> | null>(null)
  const status = ref<'loading' | 'ready' | 'error' | 'forbidden'>('loading')
  const error = ref('')

  async function load() {
    status.value = 'loading'
    try {
      const to = new Date()
      const from = new Date(to.getTime() - days.value * DAY_MS)
      const [r, b] = await Promise.all([
        fetchJson(api.district.$get({ query: { by: by.value, from: from.toISOString(), to: to.toISOString() } })),
        outlines.value ?? fetchJson(api.district.boundaries.$get()),
      ])
      rows.value = r.streets as DistrictStreet[]
      week.value = r.week
      outlines.value = b as typeof outlines.value
      status.value = 'ready'
    } catch (e) {
      const forbidden = e instanceof ApiRequestError && e.status === 403
      status.value = forbidden ? 'forbidden' : 'error'
      error.value = (e as Error).message
    }
  }
  watch([by, days], load, { immediate: true })
  return { rows, week, outlines, status, error, reload: load }
}
