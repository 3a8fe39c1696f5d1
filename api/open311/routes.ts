/**
 * /open311/v2: Open311 GeoReport v2 over our categories (services) and issues (service requests), in
 * JSON and XML with the spec's field names; `jurisdiction_id` is the street code. Reads follow the
 * same rules as GET /issues; a POST carries an API token as `api_key` and makes an ordinary issue
 * with source `open311`.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { createFactory } from 'hono/factory'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { TOKEN_BY_HASH } from '../auth/queries.ts'
import { gridScope } from '../auth/guard.ts'
import { secretHash } from '../auth/secret.ts'
import type { Role, User } from '../auth/user.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import type { AppEnv } from '../env.ts'
import { ApiError, badRequest, notFound } from '../errors.ts'
import { filterShape, instant, resolveStreet } from '../filters.ts'
import { insertIssue } from '../issues/create.ts'
import { REPORT_ROLES } from '../issues/states.ts'
import { publishEvents } from '../stream/publish.ts'
import { valid } from '../validate.ts'
import { loadGazetteer, locate, LOCATE_THRESHOLD } from '../hotline/locator.ts'
import { formatOf, toXml, xmlDoc } from './format.ts'

const Q = { services: sql(import.meta.url, 'services.sql'), requests: sql(import.meta.url, 'requests.sql') }

/** Requests a GET answers at most, and the window it covers when no dates or ids are asked for (the spec's defaults). */
export const OPEN311_LIMITS = { maxRequests: 1000, defaultDays: 90 } as const

const jurisdiction = z.object({ jurisdiction_id: filterShape.street }).strict()
const list = (re: RegExp) =>
  z
    .string()
    .max(2000)
    .refine((s) => s.split(',').every((x) => re.test(x.trim())), 'not a comma-separated list')
    .optional()
const requestsQuery = z
  .object({
    jurisdiction_id: filterShape.street,
    service_request_id: list(/^\d{1,15}$/),
    service_code: list(/^[0-9A-Za-z_-]{1,40}$/),
    start_date: instant.optional(),
    end_date: instant.optional(),
    status: z.enum(['open', 'closed']).optional(),
  })
  .strict()
const postBody = z.object({
  api_key: z.string().min(1).max(200),
  jurisdiction_id: filterShape.street,
  service_code: z.string().regex(/^[0-9A-Za-z_-]{1,40}$/),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().max(500).optional(),
  description: z.string().trim().max(2000).optional(),
})

interface ServiceRow {
  code: string
  name: string
  time_limit_value: number
  time_limit_unit: 'work_hours' | 'work_days'
  group_name: string | null
}

interface RequestRow {
  id: number
  status: string
  category_code: string
  category_name: string
  description: string
  group_name: string | null
  notice_no: string | null
  reported_at: Date
  deadline: Date | null
  lon: number
  lat: number
  address: string | null
  updated_at: Date | null
}

/** Answers a list in the format of the path (.json or .xml), under the spec's XML root and item names. */
function answer(c: Context<AppEnv>, root: string, item: string, rows: Record<string, unknown>[], status: 200 | 201 = 200) {
  if (formatOf(c.req.path) === 'xml') return c.body(toXml(root, item, rows), status, { 'content-type': 'text/xml; charset=utf-8' })
  return c.json(rows, status)
}

const service = (s: ServiceRow) => ({
  service_code: s.code,
  service_name: s.name,
  description: `${s.name}（整改时限 ${s.time_limit_value} 个${s.time_limit_unit === 'work_days' ? '工作日' : '工作小时'}）`,
  metadata: false,
  type: 'realtime',
  keywords: s.name,
  group: s.group_name ?? '',
})

const request = (r: RequestRow) => ({
  service_request_id: String(r.id),
  status: r.status === 'closed' || r.status === 'answered' ? 'closed' : 'open',
  status_notes: STATUS_NOTES[r.status] ?? r.status,
  service_name: r.category_name,
  service_code: r.category_code,
  description: r.description,
  agency_responsible: r.group_name,
  service_notice: r.notice_no,
  requested_datetime: isoLocal(r.reported_at),
  updated_datetime: r.updated_at ? isoLocal(r.updated_at) : null,
  expected_datetime: r.deadline ? isoLocal(r.deadline) : null,
  address: r.address,
  address_id: null,
  zipcode: null,
  lat: r.lat,
  long: r.lon,
  media_url: null,
})

const STATUS_NOTES: Record<string, string> = {
  reported: '已上报',
  assigned: '已交办',
  rectifying: '整改中',
  rectified: '已整改，待复核',
  closed: '已销号',
  answered: '已答复',
}

async function requests(c: Context<AppEnv>, street: number, f: z.infer<typeof requestsQuery>) {
  const { db, now } = c.var.deps
  const ids = f.service_request_id?.split(',').map((x) => Number(x.trim())) ?? null
  const start = f.start_date ?? (ids ? null : new Date(now().getTime() - OPEN311_LIMITS.defaultDays * 86_400_000))
  const codes = f.service_code?.split(',').map((x) => x.trim()) ?? null
  const params = [street, ids, codes, start, f.end_date ?? null, f.status ?? null, gridScope(c.var.user), OPEN311_LIMITS.maxRequests]
  return (await db.query<RequestRow>(Q.requests, params)).map(request)
}

/** The API token behind an `api_key`, as the user it acts for; 403 (the spec's own example) otherwise. */
async function keyUser(c: Context<AppEnv>, key: string): Promise<User> {
  const { db, now } = c.var.deps
  const [t] = await db.query<{ street_id: number; name: string; role: Role }>(TOKEN_BY_HASH, [secretHash(key), now()])
  if (!t) throw new ApiError(403, 'invalid_api_key', 'api_key 无效或已过期 (invalid api_key)')
  if (!REPORT_ROLES.includes(t.role)) throw new ApiError(403, 'forbidden', '该 api_key 的角色不能提交问题 (this api_key may not file requests)')
  return { street_id: t.street_id, username: `token:${t.name}`, role: t.role, grids: [], group_code: null }
}

const byId = z.object({ file: z.string().regex(/^\d{1,15}\.(json|xml)$/) })
const byCode = z.object({ file: z.string().regex(/^[0-9A-Za-z_-]{1,40}\.(json|xml)$/) })
const byToken = z.object({ file: z.string().regex(/^\d{1,15}\.(json|xml)$/) })
const stem = (file: string) => file.replace(/\.(json|xml)$/, '')

const factory = createFactory<AppEnv>()
// Each answer is registered under .json and .xml (formatOf reads which).
const listServices = factory.createHandlers(valid('query', jurisdiction), async (c) => {
  const { db } = c.var.deps
  const street = await resolveStreet(db, c.req.valid('query').jurisdiction_id)
  return answer(c, 'services', 'service', (await db.query<ServiceRow>(Q.services, [street])).map(service))
})
const listRequests = factory.createHandlers(valid('query', requestsQuery), async (c) => {
  const f = c.req.valid('query')
  const street = await resolveStreet(c.var.deps.db, f.jurisdiction_id)
  return answer(c, 'service_requests', 'request', await requests(c, street, f))
})
const postRequest = factory.createHandlers(async (c) => {
  const { db, now } = c.var.deps
  const parsed = postBody.safeParse(await c.req.parseBody())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest('invalid_parameter', `${issue.path.join('.')}: ${issue.message}`)
  }
  const b = parsed.data
  const user = await keyUser(c, b.api_key)
  const street = await resolveStreet(db, b.jurisdiction_id)
  if (street !== user.street_id) throw new ApiError(403, 'forbidden', 'api_key 不属于该街道 (api_key of another jurisdiction)')
  let lon = b.long
  let lat = b.lat
  if (lon === undefined || lat === undefined) {
    const at = b.address_string ? await locate(db, await loadGazetteer(db, street), b.address_string) : null
    if (!at || at.confidence < LOCATE_THRESHOLD)
      throw badRequest('location_required', 'lat/long 缺失，且 address_string 无法定位 (lat/long required, address could not be located)')
    ;({ lon, lat } = at)
  }
  const t = now()
  const made = await db.tx(async (q) =>
    insertIssue(
      q,
      street,
      { lon: lon!, lat: lat!, crs: 'wgs84', category: b.service_code, description: b.description || b.service_code, source: 'open311' },
      user,
      t,
    ),
  )
  await publishEvents(db, street, t, [made.eventId])
  return answer(
    c,
    'service_requests',
    'request',
    [{ service_request_id: String(made.id), service_notice: '已受理，将按时限交办整改', account_id: null }],
    201,
  )
})

export const open311Routes = new Hono<AppEnv>()
  .get('/services.json', ...listServices)
  .get('/services.xml', ...listServices)
  .get('/services/:file', valid('param', byCode), valid('query', jurisdiction), async (c) => {
    const { db } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').jurisdiction_id)
    const code = stem(c.req.valid('param').file)
    const s = (await db.query<ServiceRow>(Q.services, [street])).find((x) => x.code === code)
    if (!s) throw notFound(`没有这个服务类型 ${code} (unknown service_code)`)
    const definition = { service_code: s.code, attributes: [] }
    if (formatOf(c.req.path) === 'xml')
      return c.body(xmlDoc({ service_definition: { service_code: s.code, attributes: '' } }), 200, { 'content-type': 'text/xml; charset=utf-8' })
    return c.json(definition, 200)
  })
  .get('/requests.json', ...listRequests)
  .get('/requests.xml', ...listRequests)
  .get('/requests/:file', valid('param', byId), valid('query', jurisdiction), async (c) => {
    const street = await resolveStreet(c.var.deps.db, c.req.valid('query').jurisdiction_id)
    const id = stem(c.req.valid('param').file)
    const found = await requests(c, street, { service_request_id: id })
    if (!found.length) throw notFound(`没有编号为 ${id} 的服务请求 (service request not found)`)
    return answer(c, 'service_requests', 'request', found)
  })
  // We answer POST with the service_request_id at once; a "token" is that id, resolved here for clients that ask.
  .get('/tokens/:file', valid('param', byToken), valid('query', jurisdiction), async (c) => {
    const street = await resolveStreet(c.var.deps.db, c.req.valid('query').jurisdiction_id)
    const token = stem(c.req.valid('param').file)
    const found = await requests(c, street, { service_request_id: token })
    if (!found.length) throw notFound(`没有这个令牌 ${token} (token not found)`)
    return answer(c, 'service_requests', 'request', [{ service_request_id: found[0].service_request_id, token }])
  })
  .post('/requests.json', ...postRequest)
  .post('/requests.xml', ...postRequest)
