/**
 * The read cache's store: answers by key, each remembered with the data version it was computed
 * at. A new version empties the store (every entry of an older one is stale), so no entry is ever
 * served across a write. Bounded by entries and bytes; the least recently used go first.
 */
import { createHash } from 'node:crypto'
import type { Db } from '../../db/adapter.ts'

export interface Entry {
  body: Uint8Array<ArrayBuffer>
  type: string
  etag: string
  /** The deps.now() at which it was computed, in epoch ms (a route's answer may depend on the time). */
  at: number
}

export const CACHE_LIMITS = { entries: 2_000, bytes: 64 * 1024 * 1024 } as const

/** A short name for some text or bytes: the same input has the same name in every process (SHA-1, base64url). */
export function digestOf(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64url')
}

/** A strong ETag from the body itself: the same answer has the same tag in every process. */
export function etagOf(body: Uint8Array): string {
  return `"${digestOf(body)}"`
}

export class ResponseCache {
  private entries = new Map<string, Entry>()
  private bytes = 0
  private version = -1
  hits = 0
  misses = 0
  /** The computation under way per key, with the version and the moment (performance.now()) it started at, that requests for the same answer wait for. */
  readonly running = new Map<string, { version: number; started: number; entry: Promise<Entry | undefined> }>()
  /** Per key, the one computation waiting for the running one to end, that requests arriving after a write join. */
  readonly queued = new Map<string, Promise<Entry | undefined>>()

  constructor(private readonly limits: { entries: number; bytes: number } = CACHE_LIMITS) {}

  /** The entry of `key` computed at `version`, or undefined. */
  get(key: string, version: number): Entry | undefined {
    if (version !== this.version) return undefined
    const e = this.entries.get(key)
    if (!e) return undefined
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key)
    this.entries.set(key, e)
    return e
  }

  /** Remembers an answer computed wholly at `version`; one of an older version is dropped. */
  set(key: string, version: number, e: Entry): void {
    if (version < this.version) return
    if (version !== this.version) this.clear(version)
    if (e.body.byteLength > this.limits.bytes / 4) return
    this.drop(key)
    this.entries.set(key, e)
    this.bytes += e.body.byteLength
    for (const [k] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break
      this.drop(k)
    }
  }

  get size(): number {
    return this.entries.size
  }

  private drop(key: string): void {
    const old = this.entries.get(key)
    if (!old) return
    this.bytes -= old.body.byteLength
    this.entries.delete(key)
  }

  private clear(version: number): void {
    this.entries.clear()
    this.bytes = 0
    this.version = version
  }
}

/**
 * Which data version an answer keys on (db/adapter.ts DataVersion): `value` moves with every write,
 * `shape` with every write but to issues and what derives from them (0320), for answers that read none of those.
 */
export type VersionKind = 'value' | 'shape'

const caches = new WeakMap<Db, Record<VersionKind, ResponseCache>>()

/** The cache of a database's answers of one version kind, created on first use (one per process, database and kind). */
export function cacheFor(db: Db, kind: VersionKind = 'value'): ResponseCache {
  let c = caches.get(db)
  if (!c) caches.set(db, (c = { value: new ResponseCache(), shape: new ResponseCache() }))
  return c[kind]
}
