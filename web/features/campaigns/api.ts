/** The campaign calls the pages share, typed from the API's routes. */
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'

export type CampaignPage = InferResponseType<(typeof api.campaigns)[':id']['$get'], 200>
export type CampaignList = InferResponseType<typeof api.campaigns.$get, 200>['campaigns']
export type Campaign = CampaignPage['campaign']
export type TargetRow = CampaignPage['targets'][number]

export const getCampaign = (id: string) => fetchJson(api.campaigns[':id'].$get({ param: { id } }))
export const listCampaigns = (query: { state?: 'upcoming' | 'running' | 'ended'; archived?: 'true'; progress?: 'true' } = {}) =>
  fetchJson(api.campaigns.$get({ query })).then((r) => r.campaigns)

/** The groups (整治组) a leader may name, from the indicators by group (readable by leaders, unlike /admin/groups). */
export const listGroups = () =>
  fetchJson(api.indicators.$get({ query: { by: 'group' } })).then((r) =>
    (r.rows as { key: string; name: string | null }[]).filter((g) => g.name).map((g) => ({ code: g.key, name: g.name as string })),
  )

const DAY = 86_400_000
/** A date input's day (street-local) as the instant the API reads it as: midnight +08:00. */
export const dayFrom = (d: string) => `${d}T00:00:00+08:00`
/** The exclusive end of an inclusive last day: the next day's midnight +08:00. */
export const dayAfter = (d: string) => new Date(new Date(`${d}T00:00:00+08:00`).getTime() + DAY).toISOString()
/** The street-local day of an instant (YYYY-MM-DD). */
export const localDay = (t: string | Date) => new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
/** The inclusive last day of an exclusive end. */
export const lastDay = (t: string | Date) => localDay(new Date(new Date(t).getTime() - 1))

/** A signed percentage, e.g. −42.5%. */
export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v * 1000) / 10)}%`
