/** Loading state of an admin panel: loading, error (with the message and a retry) or ready. */
import { ref } from 'vue'

export function useLoad(load: () => Promise<void>) {
  const state = ref<'loading' | 'error' | 'ready'>('loading')
  const error = ref('')
  async function reload() {
    state.value = 'loading'
    try {
      await load()
      state.value = 'ready'
    } catch (e) {
      error.value = (e as Error).message
      state.value = 'error'
    }
  }
  return { state, error, reload }
}
