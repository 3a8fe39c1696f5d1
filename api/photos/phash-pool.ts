/**
 * The perceptual hash computed in worker threads: decoding a phone photo (1600×1200) in pure
 * JavaScript takes seconds, which on the main thread would stall every other request. A few workers
 * (started on first use, one job each at a time, the rest queued) do it instead; a worker that dies
 * is replaced and its job answers null (no hash), like an undecodable file.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/** At most this many decodes at once: one core is left to the event loop and the database. */
export const PHASH_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1))

interface Job {
  id: number
  bytes: Uint8Array
  done: (hash: string | null) => void
}

const idle: Worker[] = []
const busy = new Map<Worker, Job>()
const queue: Job[] = []
let nextId = 0

// The worker is TypeScript, run as the server runs (tsx), whether the API was started by tsx or by
// vitest: Node 20 does not hand `--import tsx` on to workers, so tsx's scoped loader imports it.
const WORKER = new URL('./phash-worker.ts', import.meta.url).href
// (resolved from here, not from the worker's cwd; the package's ESM entry sits beside its CJS one)
const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href
const BOOT = `import(${JSON.stringify(TSX)}).then((tsx) => tsx.tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(WORKER)}))`

function spawn(): Worker {
  const w = new Worker(BOOT, { eval: true })
  w.on('message', (m: { id: number; hash: string | null }) => {
    const job = busy.get(w)
    busy.delete(w)
    if (job?.id === m.id) job.done(m.hash)
    w.unref()
    idle.push(w)
    pump()
  })
  const lost = () => {
    const job = busy.get(w)
    busy.delete(w)
    const k = idle.indexOf(w)
    if (k >= 0) idle.splice(k, 1)
    job?.done(null)
    pump()
  }
  w.on('error', lost)
  w.on('exit', lost)
  return w
}

function pump(): void {
  while (queue.length) {
    const w = idle.pop() ?? (busy.size < PHASH_WORKERS ? spawn() : undefined)
    if (!w) return
    const job = queue.shift()!
    busy.set(w, job)
    w.ref() // a pending hash keeps the process alive; an idle worker does not
    w.postMessage({ id: job.id, bytes: job.bytes })
  }
}

/** The JPEG's perceptual hash (phash.ts), computed in a worker thread; null when it cannot be decoded. */
export function jpegHashOffThread(bytes: Uint8Array): Promise<string | null> {
  return new Promise((done) => {
    queue.push({ id: nextId++, bytes, done })
    pump()
  })
}
