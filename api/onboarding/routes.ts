/**
 * POST /admin/streets/import: a street's boundary, communities, grids (and points) from its GIS
 * office's files. `?dry_run=1` answers the report with the staged layers for the preview map and
 * writes nothing; a real import with any error answers 422 with the same report and writes nothing.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, badRequest } from '../errors.ts'
import { valid } from '../validate.ts'
import type { Fix, Layer } from './attributes.ts'
import { BASEMAP_LAYERS, prepareBasemap, type BasemapLayer } from './basemap.ts'
import { parseCrs } from './crs.ts'
import { MAX_STREET_UPLOAD_BYTES } from './limits.ts'
import { prepare, type Upload } from './prepare.ts'
import { Rejected, type Problem } from './report.ts'
import { importStreet } from './street.ts'

const query = z.object({ dry_run: z.enum(['0', '1', 'true', 'false']).optional() }).strict()

const fields = z.object({
  street_code: z.string().regex(/^\d{9}$/, '街道编码应为 9 位数字（统计用区划代码，如 430111005）'),
  name: z.string().trim().min(2, '街道名称至少 2 个字').max(40, '街道名称最多 40 个字'),
  repair: z.enum(['0', '1', 'true', 'false']).optional(),
  fixes: z
    .array(
      z
        .object({
          layer: z.enum(['communities', 'grids', 'points']),
          index: z.number().int().min(0),
          code: z.string().trim().max(40).optional(),
          name: z.string().trim().max(100).optional(),
          community: z.string().trim().max(100).optional(),
        })
        .strict(),
    )
    .max(10_000)
    .optional(),
})

const yes = (v: string | undefined) => v === '1' || v === 'true'

/** The multipart form: files by layer, the other fields as text. */
async function readForm(req: Request) {
  if (!(req.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    throw badRequest('invalid_parameter', '请以 multipart/form-data 上传 boundary、communities、grids（和 points）文件')
  const form = await req.formData()
  const files: Partial<Record<Layer | BasemapLayer, Upload>> = {}
  for (const layer of ['boundary', 'communities', 'grids', 'points', ...BASEMAP_LAYERS] as const) {
    const f = form.get(layer)
    if (f === null || f === '') continue
    if (!(f instanceof Blob)) throw badRequest('invalid_parameter', `${layer}: 应为文件`)
    if (f.size > MAX_STREET_UPLOAD_BYTES)
      throw new ApiError(413, 'payload_too_large', `${layer}: 文件不能超过 ${MAX_STREET_UPLOAD_BYTES / 1024 / 1024} MB`)
    files[layer] = { name: f instanceof File ? f.name : '', bytes: new Uint8Array(await f.arrayBuffer()) }
  }
  const text = (k: string) => {
    const v = form.get(k)
    return typeof v === 'string' ? v : undefined
  }
  let fixes: unknown
  try {
    fixes = text('fixes') ? JSON.parse(text('fixes')!) : undefined
  } catch {
    throw badRequest('invalid_parameter', 'fixes: 不是有效的 JSON')
  }
  const parsed = fields.safeParse({ street_code: text('street_code'), name: text('name'), repair: text('repair'), fixes })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest('invalid_parameter', `${issue.path.join('.')}: ${issue.message}`)
  }
  return { files, crs: parseCrs(text('crs')), ...parsed.data }
}

export const onboardingRoutes = new Hono<AppEnv>().post('/import', requireRole('admin'), valid('query', query), async (c) => {
  const { db } = c.var.deps
  const dryRun = yes(c.req.valid('query').dry_run)
  const form = await readForm(c.req.raw)
  const errors: Problem[] = []
  const layers = await prepare(form.files, form.crs, errors)
  const basemapWarnings: Problem[] = []
  const basemap = await prepareBasemap(form.files, form.crs, layers.boundary?.geoms ?? [], basemapWarnings)
  const input = {
    code: form.street_code,
    name: form.name,
    layers,
    basemap,
    fixes: (form.fixes ?? []) as Fix[],
    repair: yes(form.repair),
    dryRun,
    errors,
    warnings: basemapWarnings,
  }
  try {
    const report = await db.tx((q) => importStreet(q, input))
    return c.json(report, dryRun ? 200 : 201)
  } catch (err) {
    if (err instanceof Rejected) return c.json(err.report, 422)
    throw err
  }
})
