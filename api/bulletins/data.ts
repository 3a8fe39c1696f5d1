/** Everything the weekly 通报 shows, read once and rendered as HTML or Word. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { IsoWeek } from '../assessments/week.ts'
import { weeklyAssessment, type Level, type WeeklyRow } from '../assessments/weekly.ts'
import { campaignsOfWeek, type WeekCampaign } from '../campaigns/week.ts'

const Q = {
  failed: sql(import.meta.url, 'failed-items.sql'),
  open: sql(import.meta.url, 'open-issues.sql'),
  pairs: sql(import.meta.url, 'pairs.sql'),
  map: sql(import.meta.url, 'map.sql'),
  roads: sql(import.meta.url, 'map-roads.sql'),
  street: 'SELECT name FROM streets WHERE id = $1',
}

/** How many rows each list of the 通报 holds at most. */
export const LIMITS = { failed: 10, open: 30, pairs: 6 } as const

export interface FailedItem {
  class_name: string
  text: string
  times: number
  points: number
}

export interface OpenIssue {
  id: number
  notice_no: string | null
  category_name: string
  description: string
  status: string
  reported_at: Date
  deadline: Date | null
  overdue: boolean
  community_name: string
  grid_name: string
  point_name: string
}

export interface PhotoPair {
  id: number
  description: string
  category_name: string
  point_name: string
  closed_at: Date
  before_mime: string
  before_data: Uint8Array
  after_mime: string
  after_data: Uint8Array
}

export interface MapShape {
  code: string
  d: string
  xmin: number
  ymin: number
  xmax: number
  ymax: number
  cx: number
  cy: number
}

/** A road of the street's basemap, clipped to the map's frame. */
export interface MapRoad {
  name: string
  class: string
  d: string
}

export interface BulletinData {
  street_name: string
  week: IsoWeek
  level: Level
  rows: WeeklyRow[]
  settings: { flag_count: number; blend_weight: number }
  failed: FailedItem[]
  open: OpenIssue[]
  pairs: PhotoPair[]
  map: MapShape[]
  /** the street's roads over the map (its basemap features), as SVG paths in the map's metres */
  roads: MapRoad[]
  /** the 攻坚 campaigns running at some time in the week, measured at its end */
  campaigns: WeekCampaign[]
  now: Date
}

/** Reads the week's 通报 from the same assessment path as GET /assessments/weekly. */
export async function bulletinData(q: Queryable, street: number, week: IsoWeek, level: Level, now: Date): Promise<BulletinData> {
  const a = await weeklyAssessment(q, street, week, level, now)
  const [[s], failed, open, pairs, map, roads, campaigns] = await Promise.all([
    q.query<{ name: string }>(Q.street, [street]),
    q.query<FailedItem>(Q.failed, [street, week.monday, LIMITS.failed]),
    q.query<OpenIssue>(Q.open, [street, week.monday, now, LIMITS.open]),
    q.query<PhotoPair>(Q.pairs, [street, week.start, week.end, LIMITS.pairs]),
    q.query<MapShape>(Q.map, [street, level]),
    q.query<MapRoad>(Q.roads, [street]),
    campaignsOfWeek(q, street, week.start, week.end, now),
  ])
  return { street_name: s.name, week, level, rows: a.rows, settings: a.settings, failed, open, pairs, map, roads, campaigns, now }
}
