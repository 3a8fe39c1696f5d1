/** The ledger's selected point (its filters are the URL's: points.query.ts). */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const usePointsStore = defineStore('points', () => {
  const selected = ref<number | null>(null)
  return { selected }
})
