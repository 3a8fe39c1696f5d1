/**
 * 市民随手拍 (issue 20). /public: what a resident may call without an account — a proof-of-work
 * challenge, the report, its timeline by 查询码, the after photo and "解决了吗". /moderation: the
 * 待审核 queue and the decision, for the moderating roles. Unaccepted reports never reach `issues`.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import type { Queryable } from '../../db/adapter.ts'
import { audit } from '../auth/audit.ts'
import { currentUser, requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, notFound } from '../errors.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { issueDetail } from '../issues/detail.ts'
import { publishEvents } from '../stream/publish.ts'
import { valid } from '../validate.ts'
import { newChallenge, takeChallenge } from './challenge.ts'
import { normaliseCode } from './code.ts'
import { MAX_NOTE, RATE, REJECT_REASONS } from './limits.ts'
import { decide, decisionBody, MODERATORS } from './moderate.ts'
import { addressKey, deviceOf, limit } from './rate.ts'
import { cleanPhotos, readForm, storeReport } from './submit.ts'
import { answerFeedback, publicView } from './track.ts'

const Q = {
  settingsGet: sql(import.meta.url, 'settings-get.sql'),
  settingsPut: sql(import.meta.url, 'settings-put.sql'),
  queue: sql(import.meta.url, 'queue.sql'),
  pending: sql(import.meta.url, 'pending-count.sql'),
  photo: sql(import.meta.url, 'photo.sql'),
  afterPhoto: sql(import.meta.url, 'after-photo.sql'),
  categories: sql(import.meta.url, 'categories.sql'),
}

const streetQuery = z.object({ street: filterShape.street }).strict()
const codeParam = z.object({ code: z.string().max(40) })
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const feedbackBody = z.object({ satisfied: z.boolean(), note: z.string().trim().max(MAX_NOTE).optional() }).strict()
const queueQuery = z
  .object({
    street: filterShape.street,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().regex(/^\d+$/).optional(),
  })
  .strict()
const settingsBody = z.object({ enabled: z.boolean(), public_map: z.boolean() }).strict()

async function settings(db: Queryable, street: number) {
  const [s] = await db.query<{ enabled: boolean; public_map: boolean }>(Q.settingsGet, [street])
  return s
}

/** The street's channel, or 503 when its kill switch is off. */
async function openStreet(c: Context<AppEnv>): Promise<number> {
  const { db } = c.var.deps
  const street = await resolveStreet(db, c.req.query('street'))
  if (!(await settings(db, street)).enabled)
    throw new ApiError(503, 'channel_closed', '市民随手拍暂停受理，请拨打 12345 反映问题 (the public channel is closed)')
  return street
}

/** A code from the path; an impossible one is answered as an unknown one. */
function codeOf(raw: string): string {
  const code = normaliseCode(raw)
  if (!code) throw notFound('没有这个查询码，请核对后重试 (no report with this code)')
  return code
}

interface QueueRow {
  id: number
  code: string
  received_at: Date
  lon: number
  lat: number
  category_code: string
  category_name: string | null
  description: string
  phone: string | null
  grid_code: string | null
  community_code: string | null
  photos: string[]
  possible_duplicates: { id: number; status: string; description: string; distance_m: number; lon: number; lat: number }[]
}

export const publicRoutes = new Hono<AppEnv>()
  .get('/categories', valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const [{ enabled, public_map }, [form]] = await Promise.all([
      settings(db, street),
      db.query<{
        street_name: string
        boundary: { type: 'MultiPolygon'; coordinates: number[][][][] }
        categories: { code: string; name: string }[]
      }>(Q.categories, [street]),
    ])
    return c.json({ open: enabled, public_map, ...form }, 200)
  })
  .get('/challenge', valid('query', streetQuery), async (c) => {
    const street = await openStreet(c)
    await limit(c, street, [[addressKey(c, 'challenge'), RATE.challengesPerAddress]])
    const { db, now, config } = c.var.deps
    return c.json(await newChallenge(db, street, config.publicPowBits, now()), 200)
  })
  .post('/reports', valid('query', streetQuery), async (c) => {
    const street = await openStreet(c)
    const device = deviceOf(c)
    const keys: [string, number][] = [[addressKey(c, 'report'), RATE.reportsPerAddress]]
    if (device) keys.push([`report:dev:${device}`, RATE.reportsPerDevice])
    await limit(c, street, keys)
    const { db, now } = c.var.deps
    const { fields, files } = await readForm(c.req.raw)
    const t = now()
    await takeChallenge(db, street, fields.pow_seed, fields.pow_nonce, t)
    const photos = await cleanPhotos(files)
    const sender = `${addressKey(c, 'from')}|${device ?? ''}`
    const r = await db.tx((q) => storeReport(q, street, fields, photos, sender, t))
    return c.json({ code: r.code, status: 'pending' as const, folded: !r.created }, r.created ? 201 : 200)
  })
  .get('/reports/:code', valid('param', codeParam), valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    await limit(c, street, [[addressKey(c, 'lookup'), RATE.lookupsPerAddress]])
    c.header('Cache-Control', 'no-store')
    return c.json(await publicView(db, street, codeOf(c.req.valid('param').code)), 200)
  })
  .get('/reports/:code/after-photo', valid('param', codeParam), valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    await limit(c, street, [[addressKey(c, 'lookup'), RATE.lookupsPerAddress]])
    const [p] = await db.query<{ mime: string; data: Uint8Array; sha256: string }>(Q.afterPhoto, [street, codeOf(c.req.valid('param').code)])
    if (!p) throw notFound('暂无整改后照片 (no after photo)')
    return c.body(new Uint8Array(p.data), 200, { 'Content-Type': p.mime, 'Cache-Control': 'private, max-age=3600', ETag: `"${p.sha256}"` })
  })
  .post('/reports/:code/feedback', valid('param', codeParam), valid('query', streetQuery), valid('json', feedbackBody), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    await limit(c, street, [[addressKey(c, 'lookup'), RATE.lookupsPerAddress]])
    const code = codeOf(c.req.valid('param').code)
    const b = c.req.valid('json')
    const t = now()
    const events = await db.tx((q) => answerFeedback(q, street, code, b.satisfied, b.note ?? '', t))
    if (events.length) await publishEvents(db, street, t, events)
    return c.json(await publicView(db, street, code), 201)
  })

export const moderationRoutes = new Hono<AppEnv>()
  // Reports carry the reporter's phone and photos: moderators only.
  .get('/reports', requireRole(...MODERATORS), valid('query', queueQuery), async (c) => {
    const { db } = c.var.deps
    const f = c.req.valid('query')
    const street = await resolveStreet(db, f.street)
    const [after] = f.before
      ? await db.query<{ received_at: Date }>('SELECT received_at FROM public_reports WHERE street_id = $1 AND id = $2', [street, f.before])
      : []
    const [rows, [count]] = await Promise.all([
      db.query<QueueRow>(Q.queue, [street, after?.received_at ?? null, f.before ?? null, f.limit]),
      db.query<{ n: number }>(Q.pending, [street]),
    ])
    const reports = rows.map((r) => ({
      ...r,
      received_at: isoLocal(r.received_at),
      possible_duplicates: r.possible_duplicates.map((d) => ({ ...d, distance_m: Math.round(d.distance_m * 10) / 10 })),
    }))
    return c.json({ pending: count.n, reports, reject_reasons: REJECT_REASONS }, 200)
  })
  .get(
    '/reports/:id/photos/:photo',
    requireRole(...MODERATORS),
    valid('param', idParam.extend({ photo: z.uuid() })),
    valid('query', streetQuery),
    async (c) => {
      const { db } = c.var.deps
      const street = await resolveStreet(db, c.req.valid('query').street)
      const p = c.req.valid('param')
      const [row] = await db.query<{ mime: string; data: Uint8Array; sha256: string }>(Q.photo, [street, p.id, p.photo])
      if (!row) throw notFound('没有这张照片 (photo not found)')
      return c.body(new Uint8Array(row.data), 200, { 'Content-Type': row.mime, 'Cache-Control': 'private, max-age=86400', ETag: `"${row.sha256}"` })
    },
  )
  .post('/reports/:id', requireRole(...MODERATORS), valid('param', idParam), valid('query', streetQuery), valid('json', decisionBody), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const id = c.req.valid('param').id
    const d = c.req.valid('json')
    const t = now()
    const user = currentUser(c)
    const r = await db.tx((q) => decide(q, street, id, d, user, t))
    await audit(c, `public_report_${d.action}`, String(id), { issue_id: r.issueId })
    if (r.events.length) await publishEvents(db, street, t, r.events)
    const issue = r.issueId ? await issueDetail(db, street, r.issueId, t) : null
    return c.json({ id, action: d.action, issue_id: r.issueId, issue }, 200)
  })
  .get('/settings', requireRole('admin'), valid('query', streetQuery), async (c) => {
    const { db } = c.var.deps
    return c.json(await settings(db, await resolveStreet(db, c.req.valid('query').street)), 200)
  })
  .put('/settings', requireRole('admin'), valid('query', streetQuery), valid('json', settingsBody), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const b = c.req.valid('json')
    const [s] = await db.query<{ enabled: boolean; public_map: boolean }>(Q.settingsPut, [street, b.enabled, b.public_map])
    await audit(c, 'public_settings', String(street), b)
    return c.json(s, 200)
  })
