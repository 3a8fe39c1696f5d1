/** Turns issue rows into the contract's GeoJSON features (times in the street's zone). */
import { isoLocal } from '../deadlines/worktime.ts'
import type { Status } from './states.ts'

/** A column as the contract writes it: an instant becomes ISO text in the street's zone. */
type Wire<T> = T extends Date ? string : T
/** A row's columns as the contract writes them. */
export type WireRow<R> = { [K in keyof R]: Wire<R[K]> }

/** The columns every issue query returns (list.sql): what a map, a list or a wall shows of an issue. */
export interface IssueRow {
  id: number
  category: string
  category_name: string
  status: Status
  grid_code: string
  community_code: string
  group_code: string | null
  reported_at: Date
  deadline: Date | null
  closed_at: Date | null
  description: string
  source: string
  notice_no: string | null
  rework_count: number
  reminded_at: Date | null
  escalated_at: Date | null
  lon: number
  lat: number
  overdue: boolean
}

/** One issue as a Feature with a WGS84 point; every time is written in the street's zone. */
export function issueFeature<R extends IssueRow>({ lon, lat, ...rest }: R) {
  const props = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v instanceof Date ? isoLocal(v) : v]))
  return {
    type: 'Feature' as const,
    id: rest.id,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] },
    // Object.fromEntries forgets the keys; the map above turns exactly the Dates into text.
    properties: props as WireRow<Omit<R, 'lon' | 'lat'>>,
  }
}
