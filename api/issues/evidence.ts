/**
 * Photo evidence of an issue for 回头看: "before" photos (the report's) and "after" photos (整改完成's)
 * with where and when they were taken, and the warnings an inspector must see on an "after" photo.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { hammingBits, SAME_PICTURE_MAX_BITS } from '../photos/phash.ts'

const Q = { evidence: sql(import.meta.url, 'evidence.sql') }

/** An "after" photo taken farther than this from the issue is doubtful. */
export const AFTER_MAX_DISTANCE_M = 50

export const EVIDENCE_WARNINGS = ['far_from_issue', 'taken_before_report', 'same_as_before', 'no_place', 'no_time'] as const
export type EvidenceWarning = (typeof EVIDENCE_WARNINGS)[number]

export interface PhotoEvidenceRow {
  id: string
  action: string
  taken_at: Date | null
  lon: number | null
  lat: number | null
  source: 'exif' | 'app' | null
  flags: string[]
  phash: string | null
  reported_at: Date
  distance_m: number | null
}

const roleOf = (action: string) => (action === 'report' ? 'before' : action === 'rectify' ? 'after' : 'other')

/** What is doubtful about an "after" photo, judged against the issue and its "before" photos. */
export function afterWarnings(p: PhotoEvidenceRow, before: PhotoEvidenceRow[]): EvidenceWarning[] {
  const w: EvidenceWarning[] = []
  if (p.distance_m === null) w.push('no_place')
  else if (p.distance_m > AFTER_MAX_DISTANCE_M) w.push('far_from_issue')
  if (!p.taken_at) w.push('no_time')
  else if (p.taken_at < p.reported_at) w.push('taken_before_report')
  if (p.phash && before.some((b) => b.phash && hammingBits(b.phash, p.phash!) <= SAME_PICTURE_MAX_BITS)) w.push('same_as_before')
  return w
}

/** The issue's photos with their evidence and, on "after" photos, the warnings (never the hash itself). */
export async function issueEvidence(q: Queryable, street: number, id: number) {
  const rows = await q.query<PhotoEvidenceRow>(Q.evidence, [street, id])
  const before = rows.filter((r) => roleOf(r.action) === 'before')
  return rows.map((r) => ({
    photo: r.id,
    role: roleOf(r.action),
    taken_at: r.taken_at && isoLocal(r.taken_at),
    lon: r.lon,
    lat: r.lat,
    source: r.source,
    flags: r.flags,
    distance_m: r.distance_m === null ? null : Math.round(r.distance_m * 10) / 10,
    warnings: roleOf(r.action) === 'after' ? afterWarnings(r, before) : [],
  }))
}

/**
 * Who is told of doubtful "after" photos: everyone who checks the work (inspectors, group leaders,
 * leaders, admins), not the grid manager whose rectification is checked (issue 16).
 */
export const seesEvidenceWarnings = (role: string | undefined): boolean => role !== undefined && role !== 'grid_manager'
