/** The answer of a street import: what was read, every problem with its place, and the staged layers for the preview. */
import type { Crs } from './crs.ts'
import type { Layer } from './attributes.ts'
import type { BasemapLayer } from './basemap.ts'

/** One problem (or note) of the import, located for the preview map. */
export interface Problem {
  /** invalid_polygon, overlap, gap, outside_boundary, outside_community, point_outside_grids, duplicate_code, bad_code, missing_name, no_community, sliver, generated_code, community_by_location, repaired */
  check: string
  layer: Layer | BasemapLayer
  /** the feature's position in its file (0-based) */
  index?: number
  code?: string | null
  message: string
  lon?: number
  lat?: number
  area_m2?: number
}

export interface Gap {
  layer: 'communities' | 'grids'
  area_m2: number
  lon: number
  lat: number
}

export interface Overlap extends Gap {
  /** the codes of the two features (grids or communities) */
  grids: [string | null, string | null]
}

/** A feature of the preview: its file index, decided code, name, community and area. */
export interface PreviewFeature {
  index: number
  code: string | null
  name: string | null
  community: string | null
  area_m2: number
  geometry: unknown
}

export interface StreetReport {
  crs: Partial<Record<Layer | BasemapLayer, Crs>>
  /** the street's own basemap features kept (within 300 m of the boundary), per optional layer */
  basemap?: Partial<Record<BasemapLayer, number>>
  counts: Record<Layer, number>
  errors: Problem[]
  warnings: Problem[]
  gaps: Gap[]
  overlaps: Overlap[]
  /** invalid polygons that `repair=1` would fix with ST_MakeValid */
  repairable: number
  street?: { id: number; code: string; name: string; area_m2: number }
  preview?: Record<Layer, PreviewFeature[]>
}

/** The report of an import that was refused: thrown inside the transaction so that nothing stays. */
export class Rejected extends Error {
  constructor(readonly report: StreetReport) {
    super('street import refused')
  }
}
