/**
 * Who is behind a session cookie, remembered per database handle for a short while so a signed-in
 * reader's request does not wait for the session lookup (the 08:30 crowd, a leader's wall). An entry
 * holds only while nothing about sign-ins changed (DataVersion.auth: a session ended, an account or
 * its grids changed, in this process or any other), at most MAX_AGE_MS, and never past the session's
 * own expiry. Only found sessions are kept: an unknown cookie is looked up every time.
 */
import type { Db } from '../../db/adapter.ts'

/** The longest a lookup is reused even when no change is heard. */
export const MAX_AGE_MS = 30_000
/** Entries per handle; a full cache is emptied rather than grown. */
export const MAX_ENTRIES = 10_000

interface Held<T> {
  row: T
  /** DataVersion.auth when the lookup began. */
  version: number
  /** deps.now() of the lookup, and the session's expiry, in epoch ms. */
  at: number
  expires: number
}

const caches = new WeakMap<Db, Map<string, Held<unknown>>>()

function cacheOf(db: Db): Map<string, Held<unknown>> {
  let c = caches.get(db)
  if (!c) caches.set(db, (c = new Map()))
  return c
}

/**
 * The row `lookup` gives for the session `secret` (undefined: no such live session), from the cache when it still
 * holds at `now`. A handle without a data version (nothing notifies it) always looks up.
 */
export async function cachedSession<T extends { expires_at: Date }>(
  db: Db,
  secret: string,
  now: Date,
  lookup: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const version = db.version
  if (!version) return lookup()
  const cache = cacheOf(db)
  const t = now.getTime()
  const v0 = version.auth
  const held = cache.get(secret) as Held<T> | undefined
  if (held && held.version === v0 && t >= held.at && t - held.at < MAX_AGE_MS && t < held.expires) return held.row
  const row = await lookup()
  if (!row) {
    cache.delete(secret)
    return undefined
  }
  // Kept only when nothing changed while it was looked up: it then shows the sessions as of v0.
  if (version.auth === v0) {
    if (cache.size >= MAX_ENTRIES) cache.clear()
    cache.set(secret, { row, version: v0, at: t, expires: new Date(row.expires_at).getTime() })
  }
  return row
}
