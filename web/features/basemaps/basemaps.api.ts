/** The street's registered basemaps (GET /basemaps), fetched once per page. */
import { api, fetchJson } from '../../api/client.ts'
import type { RegisteredBasemap } from './style.ts'

let cache: Promise<RegisteredBasemap[]> | null = null

/** The registered basemaps; a failed load is retried on the next call. */
export function loadRegisteredBasemaps(): Promise<RegisteredBasemap[]> {
  cache ??= fetchJson(api.basemaps.$get({ query: {} })) as Promise<RegisteredBasemap[]>
  cache.catch(() => (cache = null))
  return cache
}

/** Forgets the list (after an admin registers one). */
export function forgetRegisteredBasemaps(): void {
  cache = null
}

const STORAGE_KEY = 'cgm.basemap'

/** The basemap this device chose last ('' = the built-in one). */
export function savedChoice(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

export function saveChoice(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name)
  } catch {
    // private mode: the choice lasts for the page
  }
}
