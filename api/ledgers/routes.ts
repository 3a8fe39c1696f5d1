/** GET /ledgers/*.xlsx: the 实地点位台账 and the 问题整改台账 as Excel workbooks (exceljs, streamed). */
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { gridScope } from '../auth/guard.ts'
import { canSeeContacts } from '../auth/user.ts'
import type { AppEnv } from '../env.ts'
import { filterParams, filterShape, resolveStreet } from '../filters.ts'
import { STATUS_ZH, type Status } from '../issues/states.ts'
import { STREET_OFFSET_MS } from '../time-zone.ts'
import { valid } from '../validate.ts'

const Q = { points: sql(import.meta.url, 'points.sql'), issues: sql(import.meta.url, 'issues.sql') }

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Rows fetched per query while streaming the issue ledger. */
const PAGE = 2000

/**
 * An instant as Excel stores a date: Excel has no time zone, so the cell holds the street's wall-clock
 * time (exceljs writes a Date's UTC fields as the serial number).
 */
export function excelDate(t: Date | null): Date | null {
  return t ? new Date(t.getTime() + STREET_OFFSET_MS) : null
}

interface Column {
  header: string
  width: number
  date?: boolean
}

/**
 * One style object per column, given to every cell of that column: exceljs's style table caches by
 * object identity, so shared objects are looked up once instead of being rendered and compared for
 * every cell (a column style is copied into each cell). Halves the time of a 10⁵-row ledger.
 */
function columnStyles(cols: Column[]): Partial<ExcelJS.Style>[] {
  return cols.map((c) => (c.date ? { numFmt: 'yyyy-mm-dd hh:mm' } : {}))
}

/** Adds a data row whose cells carry the column's shared style object, and writes it out. */
function writeRow(ws: ExcelJS.Worksheet, styles: Partial<ExcelJS.Style>[], values: unknown[]) {
  const row = ws.addRow(values)
  row.eachCell((cell, k) => {
    cell.style = styles[k - 1]
  })
  row.commit()
}

/** Starts a sheet: a title row (street, time of export), then the header row, frozen below both. */
function startSheet(wb: ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, cols: Column[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] })
  ws.columns = cols.map((c, k) => ({ key: String(k), width: c.width }))
  ws.mergeCells(1, 1, 1, cols.length)
  const t = ws.getRow(1)
  t.getCell(1).value = title
  t.getCell(1).font = { bold: true, size: 14 }
  t.commit()
  const h = ws.getRow(2)
  cols.forEach((c, k) => {
    h.getCell(k + 1).value = c.header
    h.getCell(k + 1).font = { bold: true }
  })
  h.commit()
  return ws
}

function titleOf(street: string, ledger: string, now: Date): string {
  const local = new Date(now.getTime() + STREET_OFFSET_MS).toISOString()
  return `${street}${ledger}（导出时间 ${local.slice(0, 10)} ${local.slice(11, 16)}）`
}

async function streetName(db: Queryable, street: number): Promise<string> {
  const rows = await db.query<{ name: string }>('SELECT name FROM streets WHERE id = $1', [street])
  return rows[0]?.name ?? ''
}

/** Streams a workbook written by `write` as the response body. */
function xlsxResponse(filename: string, write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Response {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  write(wb)
    .then(() => wb.commit())
    .catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))))
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'Content-Type': XLSX,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    },
  })
}

interface PointRow {
  code: string
  name: string
  class_name: string
  community_name: string | null
  grid_name: string | null
  address: string | null
  contact_name: string | null
  contact_phone: string | null
  last_score: number | null
  last_inspected_at: Date | null
}

export interface LedgerIssueRow {
  id: number
  category: string
  category_name: string
  status: Status
  description: string
  community_name: string | null
  grid_name: string | null
  group_name: string | null
  reported_at: Date
  deadline: Date | null
  closed_at: Date | null
  notice_no: string | null
  overdue: boolean
  closed_late: boolean
  lon: number
  lat: number
}

/** The issue ledger's columns, in order (the header row reads these). */
export const ISSUE_COLUMNS: Column[] = [
  { header: '序号', width: 7 },
  { header: '编号', width: 9 },
  { header: '问题类别', width: 14 },
  { header: '问题描述', width: 40 },
  { header: '地点', width: 24 },
  { header: '社区', width: 14 },
  { header: '网格', width: 16 },
  { header: '责任整治组', width: 16 },
  { header: '交办时间', width: 18, date: true },
  { header: '整改时限', width: 18, date: true },
  { header: '状态', width: 9 },
  { header: '整改情况', width: 16 },
  { header: '销号时间', width: 18, date: true },
  { header: '是否超期', width: 9 },
  { header: '通知单号', width: 18 },
]

const pointsQuery = z.object({ street: filterShape.street }).strict()
const issuesQuery = z.object(filterShape).strict()

export const ledgersRoutes = new Hono<AppEnv>()
  .get('/points.xlsx', valid('query', pointsQuery), async (c) => {
    const { db, now } = c.var.deps
    const street = await resolveStreet(db, c.req.valid('query').street)
    const contacts = canSeeContacts(c.var.user)
    const [name, rows] = await Promise.all([streetName(db, street), db.query<PointRow>(Q.points, [street, contacts, gridScope(c.var.user)])])
    const cols: Column[] = [
      { header: '编号', width: 12 },
      { header: '名称', width: 28 },
      { header: '类别', width: 14 },
      { header: '社区', width: 14 },
      { header: '网格', width: 16 },
      { header: '地址', width: 32 },
      ...(contacts
        ? [
            { header: '联系人', width: 10 },
            { header: '电话', width: 15 },
            { header: '最近测评', width: 9 },
            { header: '测评时间', width: 18, date: true },
          ]
        : []),
    ]
    return xlsxResponse('实地点位台账.xlsx', async (wb) => {
      const ws = startSheet(wb, '实地点位台账', titleOf(name, '实地点位台账', now()), cols)
      const styles = columnStyles(cols)
      for (const p of rows) {
        const cells = [p.code, p.name, p.class_name, p.community_name, p.grid_name, p.address]
        writeRow(ws, styles, contacts ? [...cells, p.contact_name, p.contact_phone, p.last_score, excelDate(p.last_inspected_at)] : cells)
      }
      ws.commit()
    })
  })
  .get('/issues.xlsx', valid('query', issuesQuery), async (c) => {
    const { db, now } = c.var.deps
    const f = c.req.valid('query')
    const street = await resolveStreet(db, f.street)
    const filters = filterParams(f)
    const scope = gridScope(c.var.user)
    const t = now()
    const name = await streetName(db, street)
    return xlsxResponse('问题整改台账.xlsx', async (wb) => {
      const ws = startSheet(wb, '问题整改台账', titleOf(name, '问题整改台账', t), ISSUE_COLUMNS)
      const styles = columnStyles(ISSUE_COLUMNS)
      let n = 0
      const page = (at: Date | null, id: number | null) => db.query<LedgerIssueRow>(Q.issues, [street, ...filters, t, at, id, PAGE, scope])
      // The next page is asked for before this one is written, so the database and the writer overlap.
      let next = page(null, null)
      for (;;) {
        const rows = await next
        const last = rows[rows.length - 1]
        if (rows.length === PAGE) {
          next = page(last.reported_at, last.id)
          next.catch(() => undefined) // awaited on the next turn; this only keeps a failure from going unhandled meanwhile
        }
        for (const r of rows) {
          n += 1
          writeRow(ws, styles, [
            n,
            r.id,
            r.category_name,
            r.description,
            `${r.lon.toFixed(6)},${r.lat.toFixed(6)}`,
            r.community_name,
            r.grid_name,
            r.group_name,
            excelDate(r.reported_at),
            excelDate(r.deadline),
            STATUS_ZH[r.status],
            r.status === 'closed' ? '已整改销号' : r.status === 'answered' ? '已答复' : r.status === 'rectified' ? '已整改待复核' : '',
            excelDate(r.closed_at),
            r.overdue || r.closed_late ? '是' : '否',
            r.notice_no,
          ])
        }
        if (rows.length < PAGE) break
      }
      ws.commit()
    })
  })
