/**
 * What the planning map draws for issues, never the whole list: the server's 100 m bins for the
 * heatmap and the hexagons, and for the points the newest page of issues inside the map's view.
 */
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'
import { getBins, type Bin } from '../../api/bins.ts'
import { clean, type Filter } from '../../api/queries.ts'
import type { PlanState } from './filters.ts'

export type IssuePoint = InferResponseType<typeof api.issues.$get, 200>['features'][number]

/** Points drawn at most: one page of the list (about 0.6 KB an issue, so < 0.6 MB), newest first. */
export const POINTS_PAGE = 1000

/** Bins or the page of points for the layer, the filter and (for points) the view's bbox. */
export function useIssueLayer(layer: Ref<PlanState['layer']>, filter: Ref<Filter>, view: Ref<string | null>) {
  const bins = shallowRef<Bin[]>([])
  const points = shallowRef<IssuePoint[]>([])
  // More issues match than the page holds: the map says so (zoom in to see the rest).
  const more = ref(false)
  const error = ref('')
  let seq = 0

  async function load() {
    const my = ++seq
    const f = filter.value
    try {
      if (layer.value === 'heat' || layer.value === 'hex') {
        const b = await getBins(f)
        if (my !== seq) return
        ;[bins.value, points.value, more.value] = [b, [], false]
      } else if (layer.value === 'points') {
        const query = { ...clean({ ...f, bbox: view.value ?? undefined }), limit: String(POINTS_PAGE) }
        const page = await fetchJson(api.issues.$get({ query }))
        if (my !== seq) return
        ;[bins.value, points.value, more.value] = [[], page.features, page.meta.next_cursor !== null]
      } else {
        ;[bins.value, points.value, more.value] = [[], [], false]
      }
      error.value = ''
    } catch (e) {
      if (my === seq) error.value = (e as Error).message
    }
  }

  // Heatmap and hexagons share the bins; only the points follow the view.
  const key = () => {
    const kind = layer.value === 'hex' ? 'heat' : layer.value
    return JSON.stringify([kind, filter.value, kind === 'points' ? view.value : null])
  }
  watch(key, load, { immediate: true })
  return { bins, points, more, error }
}
