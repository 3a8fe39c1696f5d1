/** The running campaigns with their progress, for the wall's campaign mode: loaded while the mode is on, refreshed every minute. */
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { listCampaigns, type CampaignList } from './api.ts'

const REFRESH_MS = 60_000

export function useRunningCampaigns(on: Ref<boolean>) {
  const list = shallowRef<CampaignList>([])
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = ref('')
  let timer: ReturnType<typeof setInterval> | undefined

  async function load() {
    try {
      list.value = await listCampaigns({ state: 'running', progress: 'true' })
      status.value = 'ready'
    } catch (e) {
      error.value = (e as Error).message
      status.value = 'error'
    }
  }
  watch(
    on,
    (yes) => {
      clearInterval(timer)
      if (!yes) return
      void load()
      timer = setInterval(load, REFRESH_MS)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => clearInterval(timer))
  return { list, status, error }
}
