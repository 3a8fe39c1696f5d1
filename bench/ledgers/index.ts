/**
 * Ledger export: GET /ledgers/issues.xlsx of 10⁵ issues through the real app on PostgreSQL, the body
 * consumed as a stream; prints the time, the bytes and the growth of the heap while it streamed
 * (streaming keeps it far below the size of the workbook). Target: ≤ 5 s.
 */
import os from 'node:os'
import ExcelJS from 'exceljs'
import { buildApp } from '../../api/app.ts'
import { loadConfig } from '../../api/config.ts'
import { loadedDb, NOW } from '../analysis/db.ts'

const COUNT = 100_000
const log = (m: string) => console.log(m)
const b = await loadedDb('postgres', COUNT, log)
try {
  const app = buildApp({ db: b.db, config: loadConfig({ SEED: 'none' }), now: () => NOW })
  for (let run = 1; run <= 2; run++) {
    global.gc?.()
    const heap0 = process.memoryUsage().heapUsed
    let peak = heap0
    const t0 = performance.now()
    const res = await app.request('/api/v1/ledgers/issues.xlsx')
    if (res.status !== 200) throw new Error(`status ${res.status}`)
    const chunks: Buffer[] = []
    let bytes = 0
    for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(c))
      bytes += c.length
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }
    const s = (performance.now() - t0) / 1000
    log(
      `  run ${run}: ${COUNT} issues → ${(bytes / 1e6).toFixed(1)} MB xlsx in ${s.toFixed(2)} s; heap growth while streaming ${((peak - heap0) / 1e6).toFixed(0)} MB`,
    )
    if (run === 2) {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer)
      log(`  read back: ${wb.worksheets[0].rowCount - 2} data rows`)
    }
  }
  log(
    `  machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join('/')}`,
  )
} finally {
  await b.drop()
}
