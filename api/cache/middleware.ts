/**
 * GET answers of aggregates (statistics, indicators, layers, analysis, assessments), and the area
 * analysis asked by POST, from the read cache: keyed by the request and by what the reader may see,
 * valid for the data version it was computed at (every committed write moves it, db/adapter.ts
 * DataVersion) and for at most `ttlMs` of the clock (overdue counts and "this week" move with time,
 * not with writes). Each GET answer carries a content ETag; If-None-Match with it is a 304. A
 * request's `Cache-Control: no-cache` computes afresh.
 *
 * A hit is the whole of the 08:30 crowd's request, so this path (and the middlewares before it)
 * reads variables with c.get(): Hono's c.var builds a new object from all of them at every access.
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import type { AppEnv } from '../env.ts'
import { wholeResponse } from '../security/head.ts'
import { cacheFor, digestOf, etagOf, type Entry, type VersionKind } from './store.ts'

export interface CachePolicy {
  /** The longest an answer is reused while no write happens. */
  ttlMs: number
  /** The Cache-Control header sent to the browser. */
  cacheControl: string
  /** The data version the answer keys on: `shape` only for answers that read no issue data (api/cache/kinds.test.ts); else `value`. */
  version?: VersionKind
}

/** Live numbers: the browser asks every time and gets a 304 while they stand. */
export const LIVE: CachePolicy = { ttlMs: 5_000, cacheControl: 'private, no-cache' }
/** Geometry and analysis: rarely changed by writes, costly to compute. */
export const SLOW: CachePolicy = { ttlMs: 60_000, cacheControl: 'private, no-cache' }
/** The map layers: geometry no issue write changes, so reports do not drop them (0320). */
export const SHAPE: CachePolicy = { ...SLOW, version: 'shape' }

const appIds = new WeakMap<object, number>()
let apps = 0
/** One number per built app (its configuration and clock), so two apps over one database never share answers. */
function appId(deps: object): number {
  let id = appIds.get(deps)
  if (id === undefined) appIds.set(deps, (id = ++apps))
  return id
}

/**
 * Everything an aggregate's answer may depend on besides the data and the clock. The street is
 * part of it (api/streets/scope.ts): a district account reads the street it chose, an anonymous
 * reader the one its switcher cookie names when the URL names none.
 */
function keyOf(c: Context<AppEnv>, body?: string): string {
  const u = c.get('user')
  const who = u
    ? [u.street_id, u.role, u.group_code ?? '', u.grids.join(','), u.district ? `d${u.street_choice ?? ''}` : ''].join('|')
    : `anonymous|${c.get('streetCookie') ?? ''}`
  const url = c.req.url
  const q = url.indexOf('?')
  // A read that asks by POST (READ_POSTS) asks in its body: its hash, so that a long polygon makes no long key.
  const asked = body === undefined ? [] : [c.req.header('content-type') ?? '', digestOf(body)]
  return [
    appId(c.get('deps')),
    who,
    c.req.path,
    q < 0 ? '' : url.slice(q),
    c.req.header('accept') ?? '',
    c.req.header('accept-language') ?? '',
    ...asked,
  ].join('\n')
}

/**
 * The POST routes that only read: their question (a polygon) is too long for a URL. They are cached
 * as a GET is, keyed by their body too; a 304 is a GET's alone, so they carry no ETag.
 */
const READ_POSTS = new Set(['/api/v1/analysis/area'])

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}

function answer(c: Context<AppEnv>, policy: CachePolicy, e: Entry, hit: boolean): Response {
  const { type, etag } = e
  const get = c.req.method === 'GET'
  const headers = {
    ...(get ? { etag } : {}),
    'cache-control': policy.cacheControl,
    vary: 'Cookie, Authorization, Accept-Language',
    'x-cache': hit ? 'hit' : 'miss',
  }
  const unchanged = get && matches(c.req.header('if-none-match'), etag)
  // A hit is built whole (api/security/head.ts): nothing before this middleware set a header of its own.
  // Both send the stored bytes as they are: text would be encoded again for every reader.
  if (hit) return wholeResponse(c, unchanged ? null : e.body, unchanged ? 304 : 200, unchanged ? headers : { ...headers, 'content-type': type })
  if (unchanged) return c.body(null, 304, headers)
  return c.body(e.body, 200, { ...headers, 'content-type': type })
}

/** Whether the request asks for an answer computed afresh (`Cache-Control: no-cache` and the like). */
export function asksAfresh(c: Context<AppEnv>): boolean {
  return /no-cache|no-store|max-age=0/i.test(c.req.header('cache-control') ?? '') || /no-cache/i.test(c.req.header('pragma') ?? '')
}

/** Requests a cache middleware already handles: a second one matching the same path lets them through (else it would wait for itself). */
const handled = new WeakSet<Request>()

export function readCache(policy: CachePolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, now } = c.get('deps')
    const version = db.version
    const read = c.req.method === 'GET' || (c.req.method === 'POST' && READ_POSTS.has(c.req.path))
    if (!read || !version || handled.has(c.req.raw)) return next()
    handled.add(c.req.raw)
    const kind = policy.version ?? 'value'
    const cache = cacheFor(db, kind)
    // The version the request arrived at, before a POST's body is read (a GET's key costs no wait).
    const v0 = version[kind]
    const key = keyOf(c, c.req.method === 'POST' ? await c.req.text() : undefined)
    const at = now().getTime()
    const fresh = asksAfresh(c)
    const e = fresh ? undefined : cache.get(key, v0)
    if (e && at >= e.at && at - e.at < policy.ttlMs) {
      cache.hits++
      return answer(c, policy, e, true)
    }
    // At most one computation per key runs, and one more waits behind it. A request joins the running
    // one if it started at the version the request arrived at (no write answered since it began), else
    // the waiting one, which starts after the request arrived; only when there is none does it queue
    // one itself. Under a stream of writes (every one moves the version) the readers of a key then
    // share one computation per interval of its length, instead of each version starting its own
    // beside the ones still running for the versions before it.
    // A computation running longer than the answer may be reused (one blocked on a lock) is not waited
    // for: a request then computes on its own, as it would with none running.
    const running = cache.running.get(key)
    const run = running && performance.now() - running.started < policy.ttlMs ? running : undefined
    if (!fresh && (run || !running)) {
      const shared = run?.version === v0 ? run.entry : cache.queued.get(key)
      if (shared) {
        const s = await shared
        if (s) {
          cache.hits++
          return answer(c, policy, s, true)
        }
        return next()
      }
      if (run) {
        let queued!: (e: Entry | undefined) => void
        cache.queued.set(key, new Promise<Entry | undefined>((r) => (queued = r)))
        let timer: NodeJS.Timeout | undefined
        const stale = new Promise<void>((r) => (timer = setTimeout(r, run.started + policy.ttlMs - performance.now())))
        await Promise.race([run.entry, stale])
        clearTimeout(timer)
        cache.queued.delete(key)
        return compute(c, next, policy, key, kind, queued)
      }
    }
    return compute(c, next, policy, key, kind, undefined, fresh)
  }
}

/**
 * Computes the answer at the current version (registered as the key's running computation unless
 * `fresh`), keeps it when no write was seen meanwhile, and hands it to `joined` too.
 */
async function compute(
  c: Context<AppEnv>,
  next: Next,
  policy: CachePolicy,
  key: string,
  kind: VersionKind,
  joined?: (e: Entry | undefined) => void,
  fresh = false,
): Promise<void> {
  const { db, now } = c.get('deps')
  const version = db.version!
  const cache = cacheFor(db, kind)
  const v0 = version[kind]
  const at = now().getTime()
  cache.misses++
  let done!: (e: Entry | undefined) => void
  const run = { version: v0, started: performance.now(), entry: new Promise<Entry | undefined>((r) => (done = r)) }
  if (!fresh) cache.running.set(key, run)
  let entry: Entry | undefined
  try {
    await next()
    const res = c.res
    const type = res.headers.get('content-type') ?? ''
    if (res.status !== 200 || !type.startsWith('application/json')) return
    const body = new Uint8Array(await res.arrayBuffer())
    entry = { body, type, etag: etagOf(body), at }
    // Stored only when no write was seen while it was computed: it then shows the data as of v0.
    if (version[kind] === v0) cache.set(key, v0, entry)
    c.res = undefined
    c.res = answer(c, policy, entry, false)
  } finally {
    if (cache.running.get(key) === run) cache.running.delete(key)
    done(entry)
    joined?.(entry)
  }
}

/** The aggregates served through the cache, and how long each may be reused. */
export const CACHED_ROUTES: [path: string, policy: CachePolicy][] = [
  ['/api/v1/stats/*', LIVE],
  // '/x/*' also matches '/x' itself.
  ['/api/v1/indicators/*', LIVE],
  ['/api/v1/assessments/*', LIVE],
  ['/api/v1/layers/*', SHAPE],
  ['/api/v1/analysis/*', SLOW],
  ['/api/v1/campaigns/*', SLOW],
]
