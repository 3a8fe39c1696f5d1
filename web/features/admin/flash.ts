/** One line of feedback for the admin pages: a success that fades, or an error that stays until the next action. */
import { ref } from 'vue'

export const flash = ref<{ kind: 'ok' | 'error'; text: string } | null>(null)
let timer: ReturnType<typeof setTimeout> | undefined

/** Shows a success message for three seconds. */
export function ok(text: string): void {
  clearTimeout(timer)
  flash.value = { kind: 'ok', text }
  timer = setTimeout(() => (flash.value = null), 3000)
}

/** Shows an error (the server's message) until the next action. */
export function fail(e: unknown): void {
  clearTimeout(timer)
  flash.value = { kind: 'error', text: (e as Error).message }
}

/** Runs an admin action, reporting its outcome; returns whether it succeeded. */
export async function attempt(action: () => Promise<unknown>, success: string): Promise<boolean> {
  try {
    await action()
    ok(success)
    return true
  } catch (e) {
    fail(e)
    return false
  }
}
