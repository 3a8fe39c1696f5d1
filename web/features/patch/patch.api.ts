/** Data of one patch (a grid): its open issues, its field points, the category list, and the report POST. */
import { api, fetchJson, unauthorized } from '../../api/client.ts'
import { OPEN_STATUSES as OPEN } from '../../../api/issues/states.ts'

/** Open = not yet 销号 nor 答复 (api-contract "Status counts"), as the list's status filter. */
export const OPEN_STATUSES = OPEN.join(',')
/** More open issues than this in one grid would not fit a phone list anyway; the count says so. */
export const ISSUE_LIMIT = 300

type IssuesBody = Awaited<ReturnType<typeof loadIssuesRaw>>
export type IssueFeature = IssuesBody['features'][number]
export { loadPoints, type PointFeature } from '../points/points.api.ts'

function loadIssuesRaw(grid: string) {
  return fetchJson(api.issues.$get({ query: { grid, status: OPEN_STATUSES, limit: String(ISSUE_LIMIT) } }))
}

/** Overdue first, then by deadline (earliest first); issues without a deadline last. */
export function byUrgency(a: IssueFeature, b: IssueFeature): number {
  const [pa, pb] = [a.properties, b.properties]
  if (pa.overdue !== pb.overdue) return pa.overdue ? -1 : 1
  const da = pa.deadline ? Date.parse(pa.deadline) : Infinity
  const db = pb.deadline ? Date.parse(pb.deadline) : Infinity
  return da - db
}

/** The grid's open issues, most urgent first, and whether the list was cut at ISSUE_LIMIT. */
export async function loadOpenIssues(grid: string) {
  const body = await loadIssuesRaw(grid)
  return { features: [...body.features].sort(byUrgency), more: body.meta.next_cursor !== null }
}

/** Every category of the street with its Chinese name, from the summary statistics. */
export async function loadCategories(): Promise<{ code: string; name: string }[]> {
  const s = await fetchJson(api.stats.summary.$get({ query: {} }))
  return s.by_category.map((c) => ({ code: c.category, name: c.name }))
}

export type ReportBody = { lon: number; lat: number; crs: 'wgs84'; category: string; description: string; source: 'inspection'; photos?: string[] }

/** An open issue of the same category near a new report (POST /issues' possible_duplicates). */
export type PossibleDuplicate = { id: number; status: string; description: string; distance_m: number }

/** What the server answered to a report, reduced to what the form shows. */
export type ReportOutcome =
  | { kind: 'created'; id: number | string; noticeNo: string | null; deadline: string | null; duplicates: PossibleDuplicate[] }
  | { kind: 'outside' | 'invalid' | 'unavailable' | 'failed'; message: string }

/** POSTs a report with the typed client; 201 / 422 / 400 / 404 all become an outcome the form shows. */
export async function postReport(body: ReportBody): Promise<ReportOutcome> {
  let res: Awaited<ReturnType<typeof api.issues.$post>>
  try {
    res = await api.issues.$post({ json: body })
  } catch (e) {
    return { kind: 'failed', message: (e as Error).message }
  }
  // Read loosely: the error bodies share one shape and the form needs only a few fields of the 201.
  return reportOutcome(res.status, (await res.json().catch(() => null)) as Record<string, unknown> | null)
}

/** The outcome the form shows for the server's answer to a report (sent now or from the offline queue). */
export function reportOutcome(status: number, json: Record<string, unknown> | null): ReportOutcome {
  const err = (json?.error ?? null) as { code?: string; message?: string } | null
  if (status === 201) {
    const p = (json?.properties ?? {}) as Record<string, unknown>
    const id = (json?.id ?? p.id ?? '') as number | string
    const duplicates = (p.possible_duplicates as PossibleDuplicate[] | undefined) ?? []
    return { kind: 'created', id, noticeNo: (p.notice_no as string) ?? null, deadline: (p.deadline as string) ?? null, duplicates }
  }
  // The session ended (or writes need a login): sign in, then come back to this grid.
  if (status === 401) unauthorized()
  if (status === 422 && err?.code === 'outside_street') return { kind: 'outside', message: err.message ?? '' }
  if (status === 422 || status === 400) return { kind: 'invalid', message: err?.message ?? `HTTP ${status}` }
  if (status === 404 || status === 405) return { kind: 'unavailable', message: err?.message ?? '' }
  return { kind: 'failed', message: err?.message ?? `HTTP ${status}` }
}
