/**
 * /photos: upload (POST, the raw image as the body or a multipart `file` field) and download.
 * Only JPEG, PNG and WebP are taken, recognised by their magic bytes; the size is limited; only what
 * is needed to show the photo (pixels, colour profile, Orientation) is stored, see strip.ts.
 */
import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { currentUser, gridScope, inScope, requireRole, STAFF, WRITERS } from '../auth/guard.ts'
import type { User } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, notFound, unprocessable } from '../errors.ts'
import { resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { idempotencyKey, once, REPLAYED_HEADER, requestHash } from '../idempotency/once.ts'
import { sniffImage } from './magic.ts'
import { BadImage, stripMetadata } from './strip.ts'

const Q = { insert: sql(import.meta.url, 'insert.sql'), get: sql(import.meta.url, 'get.sql') }

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
  .post('/', requireRole(...WRITERS), valid('query', streetQuery), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const bytes = await uploadedBytes(c.req.raw)
    if (bytes.length === 0) throw new ApiError(400, 'invalid_parameter', 'body: 照片为空 (empty upload)')
    if (bytes.length > MAX_PHOTO_BYTES)
      throw new ApiError(413, 'payload_too_large', `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB (photo too large)`)
    const mime = sniffImage(bytes)
    if (!mime) throw unprocessable('unsupported_image', '只接受 JPEG、PNG、WebP 照片 (only JPEG, PNG or WebP)')
    const clean = stripped(bytes, mime)
    const sha256 = createHash('sha256').update(clean).digest('hex')
    const actor = currentUser(c).username
    const key = idempotencyKey(c)
    const made = await once(db, { street, key, actor, hash: requestHash(actor, 'POST /photos', bytes), now: now(), status: 201 }, async (q) => {
      const [row] = await q.query<{ public_id: string }>(Q.insert, [street, mime, clean.length, sha256, clean, actor])
      return { body: { id: row.public_id, mime, bytes: clean.length, sha256 }, extra: null }
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
