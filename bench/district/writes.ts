/**
 * What issue_day_indicators (migration 0230) costs a write: single-issue statements as the closed
 * loop issues them — report (INSERT), assign, rectify, close (UPDATEs of status, deadline, closing
 * time), a callback (INSERT into issue_callbacks) and an edit that changes no counted column — each
 * timed with 0230's triggers enabled and, in alternate rounds (so the machine's load drifts alike over
 * both), disabled inside the same kind of transaction (ALTER TABLE … DISABLE TRIGGER, rolled back).
 * Every round rolls back, so the database is left as it was. Run against a loaded database, e.g.
 * bench/district's with BENCH_KEEP=1: `BENCH_DB=postgres://…/cgm_district_bench_<pid> npx tsx
 * bench/district/writes.ts`.
 */
import pg from 'pg'

const URL_ = process.env.BENCH_DB
if (!URL_) throw new Error('BENCH_DB: the loaded database to time writes on')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const TRIGGERS = [
  ['issues', 'issues_day_indicators_insert'],
  ['issues', 'issues_day_indicators_update'],
  ['issues', 'issues_day_indicators_delete'],
  ['issue_callbacks', 'issue_callbacks_day_insert'],
  ['issue_callbacks', 'issue_callbacks_day_update'],
  ['issue_callbacks', 'issue_callbacks_day_delete'],
] as const

const c = new pg.Client({ connectionString: URL_ })
await c.connect()
const [{ street, sample }] = (
  await c.query<{ street: number; sample: string }>(`SELECT street_id AS street, id::text AS sample FROM issues ORDER BY street_id, id LIMIT 1`)
).rows
const STEPS = ['report', 'assign', 'rectify', 'close', 'callback', 'edit'] as const
type Step = (typeof STEPS)[number]
const times: Record<'with' | 'without', Record<Step, number[]>> = {
  with: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>,
  without: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>,
}
const timed = async (bucket: number[], text: string, params: unknown[]) => {
  const t = performance.now()
  const r = await c.query(text, params)
  bucket.push(performance.now() - t)
  return r
}

for (let k = 0; k < ROUNDS * 2; k++) {
  const mode = k % 2 === 0 ? 'with' : 'without'
  const t = times[mode]
  await c.query('BEGIN')
  if (mode === 'without') for (const [table, trigger] of TRIGGERS) await c.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`)
  // a report today, at a place of the street (the sample issue's), with its 3-day deadline
  const day = `2026-11-${String(10 + (k % 10)).padStart(2, '0')}`
  const {
    rows: [{ id }],
  } = await timed(
    t.report,
    `INSERT INTO issues (street_id, category_code, description, status, source, geom, grid_code, community_code,
                         reported_at, deadline, reporter)
     SELECT street_id, category_code, 'bench', 'reported', 'inspection', geom, '', '', $3::timestamptz,
            $3::timestamptz + interval '3 days', 'bench'
     FROM issues WHERE street_id = $1 AND id = $2 RETURNING id`,
    [street, sample, `${day}T09:00:00+08:00`],
  )
  const set = (step: Step, what: string) =>
    timed(t[step], `UPDATE issues SET ${what}, version = version + 1 WHERE street_id = $1 AND id = $2`, [street, id])
  await set('assign', `status = 'assigned'`)
  await set('rectify', `status = 'rectifying'`)
  await set('close', `status = 'closed', closed_at = reported_at + interval '30 hours'`)
  await timed(
    t.callback,
    `INSERT INTO issue_callbacks (street_id, issue_id, closing_event, at, actor, satisfaction)
     VALUES ($1, $2, 0, now(), 'bench', 'satisfied')`,
    [street, id],
  )
  await set('edit', `description = 'bench, edited'`)
  await c.query('ROLLBACK')
}
await c.end()

const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))]
console.log(`${ROUNDS} rounds each; median / p90 ms per statement`)
console.log('| statement | with 0230 | without | difference (median) |')
console.log('|---|---:|---:|---:|')
for (const s of STEPS) {
  const [w, o] = [times.with[s], times.without[s]]
  console.log(
    `| ${s} | ${pct(w, 0.5).toFixed(2)} / ${pct(w, 0.9).toFixed(2)} | ${pct(o, 0.5).toFixed(2)} / ${pct(o, 0.9).toFixed(2)} | ${(pct(w, 0.5) - pct(o, 0.5)).toFixed(2)} |`,
  )
}
