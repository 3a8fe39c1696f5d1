/**
 * Which street a request is about, decided in one place for every street-scoped endpoint
 * (resolveStreet in filters.ts reads it): a street's account only ever gets its own street, a
 * district account reads any street and writes only in its home street, and an anonymous reader
 * names the street (?street=, else the street switcher's cookie, else the only street there is).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { User } from '../auth/user.ts'
import { forbidden } from '../errors.ts'

/** The cookie the street switcher sets (a preference, never a permission: accounts are checked). */
export const STREET_COOKIE = 'cgm_street'

/** Non-GET requests that change no street's data (a drawn area's analysis, the switcher), allowed in any street to a district account. */
const READING_WRITES = new Set(['/api/v1/analysis/area', '/api/v1/streets/current'])

export interface StreetScope {
  user: User | undefined
  method: string
  path: string
  /** The switcher's cookie (anonymous readers only). */
  cookie: string | undefined
}

const store = new AsyncLocalStorage<StreetScope>()

/** Runs `fn` (the rest of the request) with its street scope. */
export function withStreetScope<T>(scope: StreetScope, fn: () => Promise<T>): Promise<T> {
  return store.run(scope, fn)
}

/** The street code to look up when the request named none (undefined = no preference). */
export function defaultCode(): string | undefined {
  const s = store.getStore()
  return s && !s.user ? s.cookie : undefined
}

/**
 * The street id a signed-in caller gets: `asked` is the id of the street the request named (null =
 * none named). Anonymous callers (and code outside a request) get null: the lookup decides.
 */
export function scopedStreet(asked: number | null): number | null {
  const s = store.getStore()
  const u = s?.user
  if (!s || !u) return asked
  const home = u.street_id
  const reading = s.method === 'GET' || s.method === 'HEAD' || READING_WRITES.has(s.path)
  if (asked === null) return u.district && reading ? (u.street_choice ?? home) : home
  if (asked === home) return home
  if (!u.district) throw forbidden('other_street', '您的账号属于其他街道，无权查看该街道的数据 (your account belongs to another street)')
  if (!reading) {
    throw forbidden('other_street', '区级账号只能查看其他街道，不能办理其业务 (a district account only reads other streets)')
  }
  return asked
}
