/** Turns issue rows into the contract's GeoJSON features (times in +08:00). */
import { isoLocal } from '../deadlines/worktime.ts'

export interface IssueRow {
  id: number
  lon: number
  lat: number
  reported_at: Date
  deadline: Date | null
  closed_at: Date | null
  [k: string]: unknown
}

const iso = (t: Date | null) => (t ? isoLocal(t) : null)

/** One issue as a Feature with a WGS84 point. */
export function issueFeature({ lon, lat, reported_at, deadline, closed_at, ...rest }: IssueRow) {
  return {
    type: 'Feature' as const,
    id: rest.id,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] },
    properties: { ...rest, reported_at: iso(reported_at), deadline: iso(deadline), closed_at: iso(closed_at) },
  }
}
