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

/** One issue as a Feature with a WGS84 point; every time is written in the street's zone. */
export function issueFeature({ lon, lat, ...rest }: IssueRow) {
  const props = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v instanceof Date ? isoLocal(v) : v]))
  return {
    type: 'Feature' as const,
    id: rest.id,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] },
    properties: props as { [k: string]: unknown; id: number; reported_at: string; deadline: string | null; closed_at: string | null },
  }
}
