/** The weekly 百分制 assessment (GET /assessments/weekly), a unit's inspections, and the 通报's addresses. */
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'
import { SCORE_CLASSES, UNSCORED_COLOUR, scoreColour } from '../../../api/bulletins/colours.ts'

export type Weekly = InferResponseType<typeof api.assessments.weekly.$get, 200>
export type WeeklyRow = Weekly['rows'][number]
export type Level = 'community' | 'grid'

export const getWeekly = (week: string, level: Level) => fetchJson(api.assessments.weekly.$get({ query: { week, level } })) as Promise<Weekly>

/** The latest inspection of each point of a community or grid in a week, with its items. */
export async function unitInspections(level: Level, code: string, week: string) {
  const query = { week, latest: '1' as const, ...(level === 'grid' ? { grid: code } : { community: code }) }
  return (await fetchJson(api.inspections.$get({ query }))).inspections
}

/** Where the week's 通报 downloads (Word) or prints (A4 HTML). */
export const bulletinUrl = (week: string, format: 'docx' | 'html', level: Level) =>
  `/api/v1/bulletins/weekly?${new URLSearchParams({ week, format, level })}`

export { SCORE_CLASSES, UNSCORED_COLOUR, scoreColour }
