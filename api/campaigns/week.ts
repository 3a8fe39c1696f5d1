/** The 攻坚 campaigns of a week, for the weekly 通报: those running at some time in it, with their progress at its end. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { type CampaignRow, progressAll } from './measure.ts'
import { TARGET_STATUS, targetText } from './xlsx.ts'

const LIST = sql(import.meta.url, 'list.sql')

export interface WeekCampaign {
  id: number
  name: string
  phase: string | null
  days_left: number
  targets: { text: string; status: string }[]
}

/**
 * Campaigns not archived whose span [starts_at, ends_at) meets the week [from, to), oldest first, each
 * measured at the week's end (or now, for the running week) as the wall measures it.
 */
export async function campaignsOfWeek(q: Queryable, street: number, from: Date, to: Date, now: Date): Promise<WeekCampaign[]> {
  const at = new Date(Math.min(to.getTime() - 1, now.getTime()))
  const rows = (await q.query<CampaignRow>(LIST, [street, false, null, at])).filter((c) => c.starts_at < to && c.ends_at > from)
  rows.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime() || Number(a.id) - Number(b.id))
  const all = await progressAll(q, street, rows, at)
  return rows.map((c, k) => {
    const p = all[k]
    return {
      id: Number(c.id),
      name: c.name,
      phase: p.phase_now,
      days_left: p.days_left,
      targets: p.targets.map((t) => ({ text: targetText(t), status: TARGET_STATUS[t.status] })),
    }
  })
}
