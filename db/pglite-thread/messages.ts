import { EngineRefused } from './fatal.ts'

/** What the API's thread and the embedded engine's thread say to each other (db/pglite-thread). */

/**
 * A request to the engine's thread. `tx` is the id of the `begin` whose transaction a statement
 * belongs to (null: none); the thread refuses one whose transaction is not the open one. `poison`
 * says the engine is damaged: every request after it is refused until the thread is closed.
 * `withValues`: the statement is planned for its parameters' values at each run (an analysis), not
 * kept prepared with the plan PostgreSQL may make generic.
 */
export type Ask =
  | { op: 'query'; text: string; params: unknown[]; tx: number | null; withValues: boolean }
  | { op: 'exec'; script: string; tx: number | null }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'poison'; why: string }
  | { op: 'close' }

/** A request as posted, numbered so that its answer finds it. */
export type Asked = Ask & { id: number }

/** An error as it crosses threads: its message and its plain fields (code, detail, …), never its parameters. */
export type SentError = { message: string; wasm: boolean; fields: Record<string, string | number | boolean> }

export type Tell = { id: number; rows?: unknown[]; error?: SentError } | { notify: string; payload: string } | { ready: true } | { failed: SentError }

/** Fields PGlite puts on an error that are not sent back: a statement's parameters may be personal data. */
const KEPT_BACK = new Set(['params', 'queryOptions'])

export function sendable(err: unknown): SentError {
  const fields: SentError['fields'] = {}
  if (err && typeof err === 'object')
    for (const [k, v] of Object.entries(err))
      if (!KEPT_BACK.has(k) && ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v as string | number | boolean
  if (err instanceof Error) fields.name = err.name
  return { message: err instanceof Error ? err.message : String(err), wasm: err instanceof WebAssembly.RuntimeError, fields }
}

/** The error again on the API's side: a WebAssembly trap stays one (db/pglite.ts isFatal reads it). */
export function received(sent: SentError): Error {
  if (sent.fields.refused === true) return new EngineRefused(sent.message)
  const err = sent.wasm ? new WebAssembly.RuntimeError(sent.message) : new Error(sent.message)
  return Object.assign(err, sent.fields)
}
