/**
 * Where and when a photo was taken, read from its EXIF (exifr) before the metadata is stripped, or
 * given by the phone app that re-encoded it. Absurd values (a clock at 1970, a position off China or
 * at 0°, 0°) are not kept as evidence; the flag says they were there.
 */
import exifr from 'exifr'
import { STREET_OFFSET } from '../time-zone.ts'

/** The earliest capture time taken as real; the app's own clock skew allowance bounds the latest. */
export const EARLIEST_PHOTO = new Date('2000-01-01T00:00:00Z')
/** Positions outside this box (China, generously) are not where a street's photo was taken. */
const CHINA = { west: 73, east: 136, south: 3, north: 54 }

export interface Evidence {
  taken_at: Date | null
  lon: number | null
  lat: number | null
  source: 'exif' | 'app' | null
  flags: string[]
}

export interface Claimed {
  taken_at?: Date
  lon?: number
  lat?: number
}

interface Tags {
  DateTimeOriginal?: string
  CreateDate?: string
  OffsetTimeOriginal?: string
  latitude?: number
  longitude?: number
}

/** An EXIF 'YYYY:MM:DD HH:MM:SS' with its offset (or the street's time zone) as an instant. */
export function exifTime(text: string | undefined, offset: string | undefined): Date | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(text ?? '')
  if (!m) return null
  const zone = /^[+-]\d{2}:\d{2}$/.test(offset ?? '') ? offset : STREET_OFFSET
  const t = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`)
  return Number.isNaN(t.getTime()) ? null : t
}

const plausibleTime = (t: Date, latest: Date) => t >= EARLIEST_PHOTO && t <= latest
const plausiblePlace = (lon: number, lat: number) =>
  lon >= CHINA.west && lon <= CHINA.east && lat >= CHINA.south && lat <= CHINA.north && !(lon === 0 && lat === 0)

async function readTags(bytes: Uint8Array): Promise<Tags> {
  try {
    const pick = ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef']
    return ((await exifr.parse(Buffer.from(bytes), { pick, reviveValues: false })) as Tags | undefined) ?? {}
  } catch {
    return {}
  }
}

/** The photo's evidence: the file's own EXIF first, the app's claim where the file has none. */
export async function readEvidence(bytes: Uint8Array, claimed: Claimed, latest: Date): Promise<Evidence> {
  const tags = await readTags(bytes)
  const flags: string[] = []
  let taken_at = exifTime(tags.DateTimeOriginal ?? tags.CreateDate, tags.OffsetTimeOriginal)
  let lon = typeof tags.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null
  let lat = typeof tags.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null
  let source: Evidence['source'] = taken_at || lon !== null ? 'exif' : null
  if (!source && (claimed.taken_at || claimed.lon !== undefined)) {
    source = 'app'
    taken_at = claimed.taken_at ?? null
    lon = claimed.lon ?? null
    lat = claimed.lat ?? null
  }
  if (taken_at && !plausibleTime(taken_at, latest)) {
    flags.push('time_implausible')
    taken_at = null
  }
  if (lon === null || lat === null || !plausiblePlace(lon, lat)) {
    if (lon !== null || lat !== null) flags.push('place_implausible')
    lon = lat = null
  }
  return { taken_at, lon, lat, source: taken_at || lon !== null ? source : null, flags }
}
