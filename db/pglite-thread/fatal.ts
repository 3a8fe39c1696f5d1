/** Which errors leave the embedded engine damaged, on both sides of its thread. */

/** The engine's thread ended (it crashed or was stopped): whatever it was doing is lost. */
export class EngineThreadEnded extends Error {
  constructor(why: string) {
    super(`the embedded database's thread ended: ${why}`)
  }
}

/**
 * The thread refused a request without running it: the engine was found damaged before its turn.
 * Nothing of it ran, so it may run again on the reopened engine.
 */
export class EngineRefused extends Error {
  readonly code = 'XX000'
}

/**
 * Whether an error may have left the engine damaged: PostgreSQL's internal errors (class XX, e.g.
 * `ResourceOwnerEnlarge called after release started`), out of memory (53200), a WASM trap or abort.
 */
export function isFatal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  // A file that could not grow (disk full, a file-size limit: XX000 with EFBIG) leaves the engine sound: the statement failed, nothing else.
  if (/^could not extend file/.test(String((err as Error | null)?.message))) return false
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('XX') || code === '53200'
  return (
    err instanceof WebAssembly.RuntimeError ||
    err instanceof EngineThreadEnded ||
    err instanceof EngineRefused ||
    /Aborted\(|out of memory/i.test(String((err as Error | null)?.message))
  )
}
