/**
 * Where and when a photo was taken, read on the phone before it is re-encoded (the re-encode drops the
 * camera's metadata): the file's EXIF (exifr's lite build, loaded only when a photo is chosen), else,
 * for a photo just taken in the app (the file is at most a few minutes old), the phone's own clock and
 * position. Sent with the upload as `?taken_at=&taken_lon=&taken_lat=`; the API keeps them as evidence
 * fields (source `app`) — never the metadata itself.
 */

export interface Taken {
  taken_at?: string
  lon?: number
  lat?: number
}

/** A file this fresh was just taken by the camera the app opened, not picked from the gallery. */
const JUST_TAKEN_MS = 3 * 60_000

interface Tags {
  DateTimeOriginal?: string
  CreateDate?: string
  OffsetTimeOriginal?: string
  latitude?: number
  longitude?: number
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)

/**
 * An EXIF 'YYYY:MM:DD HH:MM:SS' with its offset, else Beijing time (as the API reads EXIF, whatever
 * zone the phone is set to), as an ISO date-time the API parses strictly.
 */
export function exifIso(text: string | undefined, offset: string | undefined): string | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(text ?? '')
  if (!m) return undefined
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${/^[+-]\d{2}:\d{2}$/.test(offset ?? '') ? offset : '+08:00'}`
}

async function exifOf(file: Blob): Promise<Taken> {
  try {
    const { default: exifr } = await import('exifr/dist/lite.esm.mjs')
    // the lite build refuses `pick`; the default blocks (IFD0, EXIF, GPS) hold what is read here
    const tags = ((await exifr.parse(new Uint8Array(await file.arrayBuffer()), { reviveValues: false })) as Tags | undefined) ?? {}
    const out: Taken = {}
    const at = exifIso(tags.DateTimeOriginal ?? tags.CreateDate, tags.OffsetTimeOriginal)
    if (at) out.taken_at = at
    if (finite(tags.longitude) && finite(tags.latitude)) [out.lon, out.lat] = [tags.longitude, tags.latitude]
    return out
  } catch {
    return {}
  }
}

/** The phone's position now (a fix at most a minute old is fine), or null without permission or signal. */
function here(): Promise<{ lon: number; lat: number } | null> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) return resolve(null)
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    )
  })
}

/** Where and when `file` was taken: its EXIF, else (a photo just taken) the phone's time and position. */
export async function takenOf(file: File | Blob, now = Date.now()): Promise<Taken> {
  const exif = await exifOf(file)
  const fresh = file instanceof File && now - file.lastModified >= 0 && now - file.lastModified <= JUST_TAKEN_MS
  if (exif.taken_at === undefined && fresh) exif.taken_at = new Date((file as File).lastModified).toISOString()
  if (exif.lon === undefined && fresh) {
    const p = await here()
    if (p) [exif.lon, exif.lat] = [p.lon, p.lat]
  }
  return exif
}

/** The upload's query string for what is known (empty when nothing is). */
export function takenQuery(t: Taken | undefined): string {
  const q = new URLSearchParams()
  if (t?.taken_at) q.set('taken_at', t.taken_at)
  if (t?.lon !== undefined && t.lat !== undefined) {
    q.set('taken_lon', t.lon.toFixed(7))
    q.set('taken_lat', t.lat.toFixed(7))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

// The re-encoded photo keeps what was read from its original, for the upload (and a queue) to send.
const byBlob = new WeakMap<Blob, Taken>()
export const rememberTaken = (photo: Blob, t: Taken) => void byBlob.set(photo, t)
export const rememberedTaken = (photo: Blob): Taken | undefined => byBlob.get(photo)
