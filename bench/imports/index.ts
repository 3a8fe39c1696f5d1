/**
 * Issue import: a 10⁴-row .xlsx (written here by exceljs, points inside the street's grids) read,
 * checked and written in one transaction on PGlite, as POST /imports/issues does; then the same file
 * again (nothing changes) and a dry run. Target: ≤ 10 s for the first import.
 */
import os from 'node:os'
import ExcelJS from 'exceljs'
import { importIssues } from '../../api/imports/issues.ts'
import { readTable } from '../../api/imports/upload.ts'
import type { User } from '../../api/auth/user.ts'
import { loadedDb, NOW } from '../analysis/db.ts'

const ROWS = 10_000
const log = (m: string) => console.log(m)
const b = await loadedDb('pglite', 1000, log)
try {
  const street = 1
  const places = await b.db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
     FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, ${Math.ceil(ROWS / 40)}, 7))).geom FROM grids) p LIMIT ${ROWS}`,
  )
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('问题整改台账')
  ws.addRow(['编号', '问题类别', '问题描述', '上报时间', '地址', '经度', '纬度'])
  const names = ['占道经营', '乱堆乱放', '暴露垃圾', '机动车乱停乱放', '牛皮癣/小广告']
  places.forEach((p, k) =>
    ws.addRow([`BENCH${k}`, names[k % names.length], `导入测试问题 ${k}`, new Date(Date.UTC(2026, 9, 1 + (k % 40), 9)), `某路${k}号`, p.lon, p.lat]),
  )
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
  log(`  file: ${places.length} rows, ${(bytes.length / 1e6).toFixed(2)} MB xlsx`)
  const user: User = { street_id: street, username: 'bench', role: 'admin', grids: [], group_code: null }
  const run = async (label: string, dryRun: boolean) => {
    const t0 = performance.now()
    const rows = await readTable('bench.xlsx', bytes)
    const t1 = performance.now()
    const r = await b.db.tx((q) => importIssues(q, street, rows, user, NOW, dryRun))
    const t2 = performance.now()
    log(
      `  ${label}: read ${((t1 - t0) / 1000).toFixed(2)} s + check/write ${((t2 - t1) / 1000).toFixed(2)} s = ${((t2 - t0) / 1000).toFixed(2)} s → rows ${r.rows}, created ${r.created}, updated ${r.updated}, errors ${r.errors.length}`,
    )
  }
  await run('dry run', true)
  await run('import', false)
  await run('same file again', false)
  const [{ n }] = await b.db.query<{ n: number }>("SELECT count(*)::int AS n FROM issues WHERE case_no LIKE 'BENCH%'")
  log(`  issues with a BENCH case number: ${n}`)
  log(
    `  machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join('/')}`,
  )
} finally {
  await b.drop()
}
