/** Typed reads the views share; response types are inferred from the API routes, never copied. */
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from './client.ts'

export type Summary = InferResponseType<typeof api.stats.summary.$get, 200>
export type GridStat = InferResponseType<typeof api.stats.grids.$get, 200>[number]
export type CommunityStat = InferResponseType<typeof api.stats.communities.$get, 200>[number]
type IssuePage = InferResponseType<typeof api.issues.$get, 200>
/** One issue of GET /issues, typed by the route (api/issues/feature.ts IssueRow). */
export type Issue = IssuePage['features'][number]

/** The shared filters as query-string values (see api-contract.md, Conventions). */
export interface Filter {
  from?: string
  to?: string
  category?: string
  status?: string
  community?: string
  grid?: string
  bbox?: string
}

/** Drops empty values so the strict API schemas do not see `category=` and the like. */
export function clean(f: Filter & { closed_since?: string; as_of?: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>
}

/** GET /indicators?by=street under the filter: 按期结案率, 返工率, time to close (one row, the street). */
export const getStreetIndicators = async (f: Filter = {}) =>
  (await fetchJson(api.indicators.$get({ query: { ...clean(f), by: 'street' } }))).rows[0] ?? null
export type Indicators = NonNullable<Awaited<ReturnType<typeof getStreetIndicators>>>

/** GET /stats/summary under the filter; `closed_since` adds the count closed (销号) since then; `as_of` as it stood then. */
export const getSummary = (f: Filter & { closed_since?: string; as_of?: string } = {}) => fetchJson(api.stats.summary.$get({ query: clean(f) }))
/** GET /stats/grids under the filter. */
export const getGridStats = (f: Filter = {}) => fetchJson(api.stats.grids.$get({ query: clean(f) }))
/** GET /stats/communities under the filter. */
export const getCommunityStats = (f: Filter = {}) => fetchJson(api.stats.communities.$get({ query: clean(f) }))

/** The `n` newest issues under the filter: one page of the list (newest first), never the whole list. */
export async function getNewestIssues(n: number, f: Filter = {}): Promise<Issue[]> {
  const fc = await fetchJson(api.issues.$get({ query: { ...clean(f), limit: String(n) } }))
  return fc.features as Issue[]
}
