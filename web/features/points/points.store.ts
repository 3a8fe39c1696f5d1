/** The ledger's filters (serialisable, mirrored in the URL so a filtered list can be shared) and the selected point. */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type PointFilters = { cls: string; community: string; grid: string; q: string }

export const usePointsStore = defineStore('points', () => {
  const filters = ref<PointFilters>({ cls: '', community: '', grid: '', q: '' })
  const selected = ref<number | null>(null)

  /** Resets every filter (the search text too). */
  function clear() {
    filters.value = { cls: '', community: '', grid: '', q: '' }
  }

  return { filters, selected, clear }
})
