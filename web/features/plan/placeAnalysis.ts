/**
 * The rest of a place's drill-down on /plan, from the server: its weekly trend, its 顽疾 (recurring
 * places of GET /analysis/recurring lying inside it) and the area analysis a drawn area gets
 * (POST /analysis/area with the place's own outline: 每km² against the rest of the street, field
 * points, bike coverage, the points with most problems).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { MultiPolygon, Polygon } from 'geojson'
import type { InferResponseType } from 'hono/client'
import { area as turfArea } from '@turf/area'
import { api, fetchJson } from '../../api/client.ts'
import { clean, getSummary, type Filter } from '../../api/queries.ts'
import { isoLocal, weekStart } from '../../api/time.ts'
import { placeFilter, type PlaceKind } from './place.ts'

export type RecurringPlace = InferResponseType<typeof api.analysis.recurring.$get, 200>['places'][number]
export type AreaAnswer = InferResponseType<typeof api.analysis.area.$post, 200>

/** The outline the area analysis takes: the place's largest part (a community drawn in two parts is rare). */
export function mainPolygon(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g
  const parts = g.coordinates.map((c) => ({ type: 'Polygon' as const, coordinates: c }))
  return parts.reduce((a, b) => (turfArea(b) > turfArea(a) ? b : a))
}

/** Reports per week for the place over the last `weeks` weeks (this week so far last), under the filter's categories and statuses. */
export async function loadTrend(kind: PlaceKind, code: string, f: Filter, weeks = 8, now = new Date()) {
  const here = { ...placeFilter(kind, code, f), from: undefined, to: undefined }
  const starts = Array.from({ length: weeks }, (_, i) => weekStart(now, i - weeks + 1))
  const sums = await Promise.all(
    starts.map((s, i) => getSummary({ ...here, from: isoLocal(s), to: isoLocal(i === weeks - 1 ? now : starts[i + 1]) })),
  )
  return starts.map((s, i) => ({ week: isoLocal(s).slice(5, 10), total: sums[i].total, open: sums[i].open }))
}

/** The street's 顽疾 under the filter's window and categories that lie inside the place. */
export async function loadRecurring(g: Polygon | MultiPolygon, f: Filter): Promise<RecurringPlace[]> {
  const q = clean({ from: f.from, to: f.to, category: f.category })
  const body = await fetchJson(api.analysis.recurring.$get({ query: { ...q, min: '3' } }))
  return body.places.filter((p) => booleanPointInPolygon([p.lon, p.lat], g))
}

/** The server's area analysis of the place under the filter's window and categories. */
export function loadArea(g: Polygon | MultiPolygon, f: Filter): Promise<AreaAnswer> {
  const category = f.category ? f.category.split(',') : undefined
  return fetchJson(api.analysis.area.$post({ json: { polygon: mainPolygon(g), from: f.from, to: f.to, category } }))
}

/** The 整治组 answering for the place's problems under the filter, most problems first (GET /indicators?by=group). */
export async function loadGroups(kind: PlaceKind, code: string, f: Filter) {
  const rows = (await fetchJson(api.indicators.$get({ query: { ...clean(placeFilter(kind, code, f)), by: 'group' } }))).rows
  return rows
    .filter((r) => r.name !== null && r.total > 0)
    .map((r) => ({ key: r.key, name: r.name as string, leader: 'leader' in r ? (r.leader ?? null) : null, total: r.total, overdue: r.overdue }))
    .sort((a, b) => b.total - a.total || b.overdue - a.overdue || a.key.localeCompare(b.key))
}
