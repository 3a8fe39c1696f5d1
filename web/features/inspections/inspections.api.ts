/**
 * The phone round of a 督查员 (issue 督查测评): a walking order over chosen points (POST /rounds), the
 * checklist of a point's class (GET /checklists), scoring the point (POST /inspections, failed items
 * become issues on the server in the same transaction), and the latest scores of a grid's points.
 */
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'

export type Round = InferResponseType<(typeof api.rounds)[':id']['$get'], 200>
export type Checklist = InferResponseType<typeof api.checklists.$get, 200>[number]
export type Inspection = InferResponseType<typeof api.inspections.$get, 200>['inspections'][number]
export type Scored = InferResponseType<typeof api.inspections.$post, 201>

/** Which points a round visits: one community, grid or class, optionally only those not inspected this week. */
export type RoundPick = { community?: string; grid?: string; class?: string; not_inspected_in?: string }

export const createRound = (pick: RoundPick) => fetchJson(api.rounds.$post({ json: pick })) as Promise<Round>
export const getRound = (id: number) => fetchJson(api.rounds[':id'].$get({ param: { id: String(id) }, query: {} })) as Promise<Round>

const checklists = new Map<string, Promise<Checklist>>()
/** The current checklist of a class, asked once per page. */
export function getChecklist(classCode: string): Promise<Checklist> {
  let p = checklists.get(classCode)
  if (!p) {
    p = fetchJson(api.checklists.$get({ query: { class: classCode } })).then((list) => list[0])
    p.catch(() => checklists.delete(classCode))
    checklists.set(classCode, p)
  }
  return p
}

export type Answer = { code: string; pass: boolean; note?: string; photos?: string[] }
export const submitInspection = (point_code: string, items: Answer[]) =>
  fetchJson(api.inspections.$post({ json: { point_code, items } })) as Promise<Scored>

/** The newest inspection of each point of a grid (a grid manager's scores). */
export const latestInGrid = async (grid: string) => (await fetchJson(api.inspections.$get({ query: { grid, latest: '1' as const } }))).inspections

/** The ISO week (YYYY-Www) of an instant in the street's zone (+08:00). */
export function isoWeek(t: Date | number = Date.now()): string {
  const local = new Date(+t + 8 * 3_600_000)
  const day = (local.getUTCDay() + 6) % 7 // Monday = 0
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day + 3))
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}
