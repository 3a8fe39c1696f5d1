/** Turns indicator counts into rates: 整改率, 按期结案率, 返工率, and close times in hours. */

export interface IndicatorRow {
  key: string
  total: number
  open: number
  overdue: number
  closed: number
  answered: number
  due: number
  deferred: number
  closed_on_time: number
  reworked: number
  inspected: number
  mean_close_h: number | string | null
  p90_close_h: number | string | null
  callbacks: number
  callbacks_satisfied: number
  hotline_due: number
  hotline_deferred: number
  hotline_closed_on_time: number
}

export const ZERO: Omit<IndicatorRow, 'key'> = {
  total: 0,
  open: 0,
  overdue: 0,
  closed: 0,
  answered: 0,
  due: 0,
  deferred: 0,
  closed_on_time: 0,
  reworked: 0,
  inspected: 0,
  mean_close_h: null,
  p90_close_h: null,
  callbacks: 0,
  callbacks_satisfied: 0,
  hotline_due: 0,
  hotline_deferred: 0,
  hotline_closed_on_time: 0,
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null)
const hours = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 100) / 100)

/** One unit's indicators; every rate is a fraction 0–1, null when its denominator is 0. */
export function indicators(r: IndicatorRow, name: string | null) {
  return {
    key: r.key,
    name,
    total: r.total,
    open: r.open,
    overdue: r.overdue,
    closed: r.closed,
    answered: r.answered,
    rectification_rate: ratio(r.closed, r.closed + r.answered + r.overdue),
    due: r.due,
    deferred: r.deferred,
    closed_on_time: r.closed_on_time,
    on_time_rate: ratio(r.closed_on_time, r.due - r.deferred),
    reworked: r.reworked,
    rework_rate: ratio(r.reworked, r.inspected),
    mean_hours_to_close: hours(r.mean_close_h),
    p90_hours_to_close: hours(r.p90_close_h),
    // 回访满意率 = (satisfied + basically satisfied) / callbacks; 12345 按时办结率 as on_time_rate, 12345 orders only
    callbacks: r.callbacks,
    callback_satisfaction_rate: ratio(r.callbacks_satisfied, r.callbacks),
    hotline_on_time_rate: ratio(r.hotline_closed_on_time, r.hotline_due - r.hotline_deferred),
  }
}

/** Every named unit in order, zeros included, plus any key without a name (e.g. a group-less issue). */
export function foldIndicators(names: { key: string; name: string; leader?: string | null }[], rows: IndicatorRow[]) {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const out: (ReturnType<typeof indicators> & { leader?: string })[] = names.map((n) => ({
    ...indicators(byKey.get(n.key) ?? { key: n.key, ...ZERO }, n.name),
    ...(n.leader ? { leader: n.leader } : {}),
  }))
  const named = new Set(names.map((n) => n.key))
  for (const r of rows) if (!named.has(r.key)) out.push(indicators(r, null))
  return out
}
