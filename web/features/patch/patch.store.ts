/** The phone view's state: which grid the manager works in (kept on the device) and the report draft. */
import { defineStore } from 'pinia'
import { ref } from 'vue'

const KEY = 'cgm.patch.grid'

export const usePatchStore = defineStore('patch', () => {
  const grid = ref<string | null>(typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY))
  /** The grid's lists, one of the role's work queues (queues.ts), or 待审核 (市民随手拍). */
  const tab = ref<'issues' | 'points' | 'dispatch' | 'group' | 'recheck' | 'done' | 'moderation'>('issues')
  const reporting = ref(false)
  const pick = ref<[number, number] | null>(null)

  /** Chooses the grid and remembers it for the next visit on this phone. */
  function setGrid(code: string | null) {
    grid.value = code
    if (code) localStorage.setItem(KEY, code)
    else localStorage.removeItem(KEY)
  }

  return { grid, tab, reporting, pick, setGrid }
})
