/**
 * /photos: upload (POST, the raw image as the body or a multipart `file` field) and download.
 * Only JPEG, PNG and WebP are taken, recognised by their magic bytes; the size is limited; only what
 * is needed to show the photo (pixels, colour profile, Orientation) is stored, see strip.ts.
 */
import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { z } from 'zod'
import { namedSql, sql } from '../../db/sql.ts'
import { currentUser, gridScope, inScope, requireRole, STAFF, WRITERS } from '../auth/guard.ts'
import type { User } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, notFound, unprocessable } from '../errors.ts'
import { parseInstant, resolveStreet } from '../filters.ts'
import { CLOCK_SKEW_MS } from '../issues/create.ts'
import { readEvidence } from './evidence.ts'
import { jpegHashOffThread } from './phash-pool.ts'
import { valid } from '../validate.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { idempotencyKey, once, REPLAYED_HEADER, requestHash } from '../idempotency/once.ts'
import { sniffImage } from './magic.ts'
import { BadImage, stripMetadata } from './strip.ts'

const Q = { insert: namedSql(import.meta.url, 'insert.sql'), get: sql(import.meta.url, 'get.sql') }

/** Largest photo accepted; the app-wide body limit (1 MiB) also applies, so phones downscale first. */
export const MAX_PHOTO_BYTES = 1024 * 1024

const streetQuery = z
  .object({
    street: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  })
  .strict()
/** Where and when the phone app took the photo, for a photo it re-encoded (which lost its EXIF). */
const uploadQuery = streetQuery
  .extend({
    // parsed in the handler, not by `valid`: an absurd time the phone read (1970) is kept out of the
    // evidence and flagged (time_implausible), never a refused upload that would strand the photo
    taken_at: z
      .string()
      .max(40)
      .refine((s) => parseInstant(s) !== null, 'expected an ISO 8601 date-time')
      .optional(),
    taken_lon: z.coerce.number().min(-180).max(180).optional(),
    taken_lat: z.coerce.number().min(-90).max(90).optional(),
  })
  .strict()
// A photo's id is a random UUID (never the table's serial), so one cannot be guessed.
const idParam = z.object({ id: z.uuid() })

/** The uploaded bytes, from a multipart form's `file` field or the raw body. */
async function uploadedBytes(req: Request): Promise<Uint8Array> {
  if ((req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const file = (await req.formData()).get('file')
    if (!(file instanceof Blob)) throw new ApiError(400, 'invalid_parameter', 'file: 缺少照片文件 (missing file field)')
    return new Uint8Array(await file.arrayBuffer())
  }
  return new Uint8Array(await req.arrayBuffer())
}

/** The photo without location metadata; a file whose structure does not parse is refused (422). */
function stripped(bytes: Uint8Array, mime: NonNullable<ReturnType<typeof sniffImage>>): Uint8Array {
  try {
    return stripMetadata(bytes, mime)
  } catch (err) {
    if (err instanceof BadImage) throw unprocessable('invalid_image', `照片文件已损坏 (malformed image: ${err.message})`)
    throw err
  }
}

interface PhotoRow {
  mime: string
  data: Uint8Array
  sha256: string
  issue_id: number | string | null
  uploaded_by: string | null
  grid_code: string | null
}

/** Whether `user` may see a photo: an attached one within their grid scope, an unattached one if theirs. */
function mayView(user: User, row: PhotoRow): boolean {
  if (row.issue_id === null) return user.role === 'admin' || row.uploaded_by === user.username
  return inScope(gridScope(user), row.grid_code)
}

export const photosRoutes = new Hono<AppEnv>()
  .post('/', requireRole(...WRITERS), valid('query', uploadQuery), async (c) => {
    const { db, now } = c.var.deps
    const f = c.req.valid('query')
    const street = await resolveStreet(db, f.street)
    const bytes = await uploadedBytes(c.req.raw)
    if (bytes.length === 0) throw new ApiError(400, 'invalid_parameter', 'body: 照片为空 (empty upload)')
    if (bytes.length > MAX_PHOTO_BYTES)
      throw new ApiError(413, 'payload_too_large', `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB (photo too large)`)
    const mime = sniffImage(bytes)
    if (!mime) throw unprocessable('unsupported_image', '只接受 JPEG、PNG、WebP 照片 (only JPEG, PNG or WebP)')
    const t = now()
    // read before stripping: the evidence is in the metadata that stripMetadata drops
    const claimed = { taken_at: f.taken_at ? (parseInstant(f.taken_at) ?? undefined) : undefined, lon: f.taken_lon, lat: f.taken_lat }
    const ev = await readEvidence(bytes, claimed, new Date(t.getTime() + CLOCK_SKEW_MS))
    const clean = stripped(bytes, mime)
    const sha256 = createHash('sha256').update(clean).digest('hex')
    // decoded in a worker thread: seconds of pure-JS decoding must not stall the other requests
    const phash = mime === 'image/jpeg' ? await jpegHashOffThread(clean) : null
    const actor = currentUser(c).username
    const key = idempotencyKey(c)
    const hash = requestHash(actor, `POST /photos?${new URL(c.req.url).search}`, bytes)
    const made = await once(db, { street, key, actor, hash, now: t, status: 201 }, async (q) => {
      const [row] = await q.query<{ public_id: string }>(
        Q.insert.text,
        Q.insert.params({
          street,
          mime,
          bytes: clean.length,
          sha256,
          data: clean,
          uploaded_by: actor,
          taken_at: ev.taken_at,
          taken_lon: ev.lon,
          taken_lat: ev.lat,
          evidence_source: ev.source,
          evidence_flags: ev.flags,
          phash,
        }),
      )
      const evidence = { taken_at: ev.taken_at && isoLocal(ev.taken_at), lon: ev.lon, lat: ev.lat, source: ev.source, flags: ev.flags }
      return { body: { id: row.public_id, mime, bytes: clean.length, sha256, evidence }, extra: null }
    })
    if (made.replayed) c.header(REPLAYED_HEADER, 'true')
    return c.json(made.body, 201)
  })
  // Photos are personal data: staff only, a grid manager only those of issues in their patch, and a
  // photo not yet attached to an issue only its uploader (or an admin).
  .get('/:id', requireRole(...STAFF), valid('param', idParam), valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    const user = currentUser(c)
    const street = await resolveStreet(db, c.req.valid('query').street)
    const [row] = await db.query<PhotoRow>(Q.get, [street, c.req.valid('param').id])
    if (!row || !mayView(user, row)) throw notFound('没有这张照片 (photo not found)')
    return c.body(new Uint8Array(row.data), 200, {
      'Content-Type': row.mime,
      'Cache-Control': 'private, max-age=86400, immutable',
      ETag: `"${row.sha256}"`,
      'X-Content-Type-Options': 'nosniff',
    })
  })
