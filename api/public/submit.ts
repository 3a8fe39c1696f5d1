/**
 * POST /public/reports: a resident's report, read from a multipart form, checked field by field
 * (each refusal a 4xx in Chinese, nothing stored), its photos cleaned by the same checks as staff
 * uploads, its place inside the street, then written to the moderation queue with a new 查询码.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { ApiError, badRequest, unprocessable } from '../errors.ts'
import { toWgs84 } from '../issues/create.ts'
import { sniffImage } from '../photos/magic.ts'
import { BadImage, stripMetadata } from '../photos/strip.ts'
import { newCode } from './code.ts'
import { FOLD_SECONDS, MAX_DESCRIPTION, MAX_PHOTO_BYTES, MAX_PHOTOS } from './limits.ts'

const Q = {
  locate: sql(import.meta.url, '../issues/locate.sql'),
  fold: sql(import.meta.url, 'fold.sql'),
  insert: namedSql(import.meta.url, 'insert.sql'),
}

/** A finite number from a form field ('NaN', 'Infinity' and '' are refused). */
const coordinate = (min: number, max: number, name: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,20})?$/, `${name}: 位置坐标无效，请重新定位 (not a number)`)
    .transform(Number)
    .pipe(z.number().min(min).max(max))

/** Mainland mobile or fixed line, optional: only for the street to call back. */
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/

export const reportFields = z.object({
  lon: coordinate(-180, 180, 'lon'),
  lat: coordinate(-90, 90, 'lat'),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  category: z.string().regex(/^[0-9A-Za-z_-]{1,40}$/, 'category: 请选择问题类别 (category required)'),
  description: z.string().trim().max(MAX_DESCRIPTION, `description: 描述不能超过 ${MAX_DESCRIPTION} 字 (too long)`).default(''),
  phone: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s/g, ''))
    .refine((s) => s === '' || PHONE.test(s), 'phone: 电话号码格式不正确 (not a phone number)')
    .optional(),
  pow_seed: z.string().regex(/^[0-9a-f]{32}$/, 'pow_seed: 缺少验证，请刷新页面 (challenge missing)'),
  pow_nonce: z.string().regex(/^[0-9a-zA-Z]{1,32}$/, 'pow_nonce: 缺少验证，请刷新页面 (challenge missing)'),
})
export type ReportFields = z.infer<typeof reportFields>

export interface Photo {
  mime: string
  bytes: number
  sha256: string
  data: string
}

/** The form's text fields and photo files; 400 when a field is missing or malformed. */
export async function readForm(req: Request): Promise<{ fields: ReportFields; files: Blob[] }> {
  if (!(req.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    throw badRequest('invalid_parameter', '请用表单提交 (multipart/form-data expected)')
  const form = await req.formData()
  const text: Record<string, string> = {}
  const files: Blob[] = []
  for (const [k, v] of form.entries()) {
    if (k === 'photo' && v instanceof Blob) files.push(v)
    else if (typeof v === 'string' && k !== 'photo') text[k] = v
  }
  const r = reportFields.safeParse(text)
  if (!r.success) {
    const issue = r.error.issues[0]
    const msg = issue.message.includes(':') ? issue.message : `${issue.path.join('.')}: ${issue.message}`
    throw badRequest('invalid_parameter', msg)
  }
  if (files.length > MAX_PHOTOS) throw badRequest('too_many_photos', `最多上传 ${MAX_PHOTOS} 张照片 (at most ${MAX_PHOTOS} photos)`)
  if (!files.length && !r.data.description) throw unprocessable('empty_report', '请至少拍一张照片或写几句描述 (a photo or a description is required)')
  return { fields: r.data, files }
}

/** Each photo checked by its bytes (type, size) and stripped of metadata, as staff uploads are. */
export async function cleanPhotos(files: Blob[]): Promise<Photo[]> {
  const out: Photo[] = []
  for (const f of files) {
    if (f.size === 0) throw badRequest('invalid_parameter', 'photo: 照片为空 (empty photo)')
    if (f.size > MAX_PHOTO_BYTES)
      throw new ApiError(413, 'payload_too_large', `每张照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB (photo too large)`)
    const bytes = new Uint8Array(await f.arrayBuffer())
    const mime = sniffImage(bytes)
    if (!mime) throw unprocessable('unsupported_image', '只接受 JPEG、PNG、WebP 照片 (only JPEG, PNG or WebP)')
    let clean: Uint8Array
    try {
      clean = stripMetadata(bytes, mime)
    } catch (err) {
      if (err instanceof BadImage) throw unprocessable('invalid_image', '照片文件已损坏 (malformed image)')
      throw err
    }
    const sha256 = createHash('sha256').update(clean).digest('hex')
    out.push({ mime, bytes: clean.length, sha256, data: Buffer.from(clean).toString('base64') })
  }
  return out
}

interface Located {
  inside: boolean
  grid_code: string | null
  community_code: string | null
  category_code: string | null
}

/**
 * Writes the report (or finds the same one sent within a minute) inside the caller's transaction;
 * returns its code and whether it is new. `sender` is the address and device it came from.
 */
export async function storeReport(q: Queryable, street: number, f: ReportFields, photos: Photo[], sender: string, now: Date) {
  const [lon, lat] = toWgs84(f.lon, f.lat, f.crs)
  const [loc] = await q.query<Located>(Q.locate, [street, lon, lat, f.category])
  if (!loc.category_code) throw unprocessable('unknown_category', '请选择问题类别 (unknown category)')
  if (!loc.inside || !loc.grid_code) throw unprocessable('outside_street', '该位置不在本街道范围内，请在地图上重新选择 (outside the street)')
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([sender, f.category, f.description, lon.toFixed(4), lat.toFixed(4), photos.map((p) => p.sha256)]))
    .digest('hex')
  // one at a time per fingerprint, so two copies sent together also fold
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [fingerprint])
  const [folded] = await q.query<{ code: string }>(Q.fold, [street, fingerprint, now, FOLD_SECONDS])
  if (folded) return { code: folded.code, created: false }
  const code = newCode()
  await q.query(
    Q.insert.text,
    Q.insert.params({
      street,
      code,
      category: loc.category_code,
      description: f.description,
      phone: f.phone || null,
      lon,
      lat,
      crs: f.crs,
      lon_in: f.lon,
      lat_in: f.lat,
      grid: loc.grid_code,
      community: loc.community_code,
      at: now,
      fingerprint,
      photos: JSON.stringify(photos),
    }),
  )
  return { code, created: true }
}
