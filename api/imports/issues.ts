/**
 * The 问题整改台账 import, and the 12345 platform's Excel export of work orders (工单号, 受理时间,
 * 诉求内容, 事发地址 …): rows → new and changed issues, by 编号 / 工单号 (stored as case_no).
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { User } from '../auth/user.ts'
import { loadCalendar } from '../deadlines/calendar.ts'
import { deadlineFor, type TimeLimit } from '../deadlines/worktime.ts'
import type { SOURCES } from '../issues/create.ts'
import { CLOCK_SKEW_MS, toWgs84 } from '../issues/create.ts'
import { instantOf, plain } from './cells.ts'
import { COORD_FIELDS, findHeader, headerKey, type Field } from './columns.ts'
import { listed, outsideOf, type ImportReport } from './report.ts'
import { LOCATE_THRESHOLD, loadGazetteer, locate } from '../hotline/locator.ts'
import { coordsOf, dataRows, type Crs, type DataRow } from './rows.ts'
import type { SheetRow } from './upload.ts'

const Q = {
  categories: sql(import.meta.url, 'categories.sql'),
  existing: sql(import.meta.url, 'issues-existing.sql'),
  insert: sql(import.meta.url, 'issues-insert.sql'),
  update: sql(import.meta.url, 'issues-update.sql'),
}

export const ISSUE_FIELDS: Field[] = [
  { key: 'case_no', label: '编号', names: ['编号', '工单号', '工单编号', '案件编号', '案卷编号', '问题编号', 'case_no'] },
  { key: 'category', label: '问题类别', names: ['问题类别', '类别', '问题类型', '问题分类', '诉求类别', '诉求分类', 'category'] },
  { key: 'description', label: '问题描述', names: ['问题描述', '描述', '诉求内容', '问题内容', '内容', 'description'] },
  { key: 'reported_at', label: '上报时间', names: ['上报时间', '发现时间', '受理时间', '交办时间', '反映时间', '来电时间', 'reported_at'] },
  { key: 'deadline', label: '整改时限', names: ['整改时限', '办结时限', '处理时限', '截止时间', 'deadline'] },
  { key: 'address', label: '地址', names: ['地址', '地点', '问题地址', '事发地址', '诉求地址', '发生地址', 'address'] },
  { key: 'source', label: '来源', names: ['来源', '问题来源', 'source'] },
  ...COORD_FIELDS,
]

/** Headers only the 12345 platform's export carries: a file with them is a batch of 12345 work orders. */
const HOTLINE_HEADERS = ['工单号', '工单编号', '受理时间', '诉求内容', '诉求类别', '来电时间']

const SOURCE_NAMES: [RegExp, (typeof SOURCES)[number]][] = [
  [/12345|热线|hotline/i, 'hotline_12345'],
  [/数字城管|digital/i, 'digital_city'],
  [/群众|市民|随手拍|public/i, 'public'],
  [/巡查|检查|inspection/i, 'inspection'],
]

/** A new or changed issue as the insert and update statements take it (WGS84 lon/lat and the source's own). */
export interface IssueRecord {
  case_no: string
  category_code: string
  description: string
  source: string
  lon: number | null
  lat: number | null
  crs: Crs
  src_lon: number | null
  src_lat: number | null
  reported_at: string
  deadline: string | null
}

interface Existing {
  case_no: string
  category_code: string
  description: string
  source: string
  reported_at: Date
  deadline: Date | null
  source_crs: Crs
  source_lon: number | null
  source_lat: number | null
}

/** A category with its time limit (the deadline of an issue that brings none). */
export interface Category {
  code: string
  name: string
  time_limit_value: number
  time_limit_unit: TimeLimit['unit']
}

/** An instant cell of a row, reported when it is not a date. */
function when(r: DataRow, key: string, required: boolean): Date | null | undefined {
  const v = instantOf(r.cell(key))
  if (v === undefined) r.fail(key, `"${plain(r.cell(key))}"不是日期时间（例：2026-11-03 09:30）`)
  else if (v === null && required) r.fail(key, `${r.label(key)}不能为空`)
  return v
}

/** Reads, checks and (unless dryRun or any row is wrong) writes the issues of one file. */
export async function importIssues(
  q: Queryable,
  street: number,
  rows: SheetRow[],
  user: User,
  now: Date,
  dryRun: boolean,
  since = new Date(0),
): Promise<ImportReport & { events?: number[] }> {
  const { header, errors } = findHeader(rows, ISSUE_FIELDS)
  if (!header) return { rows: 0, valid: 0, created: 0, updated: 0, errors }
  for (const key of ['case_no', 'category', 'description', 'reported_at'])
    if (!header.at.has(key)) {
      const label = ISSUE_FIELDS.find((f) => f.key === key)!.label
      errors.push({ row: header.row, column: label, message: `缺少必需的列"${label}"` })
    }
  const data = dataRows(rows, header, errors)
  if (errors.length) return { rows: data.length, valid: 0, created: 0, updated: 0, errors: listed(errors) }
  const hotline = header.names.some((n) => HOTLINE_HEADERS.includes(headerKey(n)))

  const categories = await loadCategories(q, street)
  const categoryOf = new Map<string, Category>()
  for (const k of categories) categoryOf.set(k.code.toLowerCase(), k).set(k.name, k)
  const codes = data.map((r) => r.folded('case_no', 60)).filter(Boolean)
  const existing = new Map((await q.query<Existing>(Q.existing, [street, codes])).map((x) => [x.case_no, x]))
  const calendar = await loadCalendar(q, street)

  const located = await locateAddresses(q, street, data)

  const seen = new Map<string, number>()
  const bad = new Set<number>()
  const records: { k: number; rec: IssueRecord }[] = []
  data.forEach((r, k) => {
    const before = errors.length
    const case_no = r.folded('case_no', 60)
    if (!case_no) r.fail('case_no', `${r.label('case_no')}不能为空`)
    else if (seen.has(case_no)) r.fail('case_no', `${r.label('case_no')} ${case_no} 与第 ${seen.get(case_no)} 行重复`)
    else seen.set(case_no, r.row)
    const catText = r.text('category', 100)
    const cat = categoryOf.get(catText) ?? categoryOf.get(catText.toLowerCase())
    if (!catText) r.fail('category', `${r.label('category')}不能为空`)
    else if (!cat) r.fail('category', `没有这个问题类别"${catText}"（可填：${categories.map((x) => x.name).join('、')}）`)
    const description = r.text('description', 2000)
    if (!description) r.fail('description', `${r.label('description')}不能为空`)
    const reported = when(r, 'reported_at', true)
    if (reported && reported.getTime() > now.getTime() + CLOCK_SKEW_MS) r.fail('reported_at', '上报时间不能晚于当前时间')
    else if (reported && reported < since) r.fail('reported_at', '上报时间早于系统数据起始日期')
    const deadline = when(r, 'deadline', false)
    if (deadline && reported && deadline <= reported) r.fail('deadline', '整改时限须晚于上报时间')
    const sourceText = r.text('source', 40)
    const source = sourceText ? SOURCE_NAMES.find(([re]) => re.test(sourceText))?.[1] : hotline ? 'hotline_12345' : 'inspection'
    if (!source) r.fail('source', `无法识别的来源"${sourceText}"（可填：巡查、12345、数字城管、群众）`)
    const given = coordsOf(r)
    const c = given === null ? (located.get(k) ?? null) : given
    const old = existing.get(case_no)
    if (c === null && !old)
      r.fail('lon', r.text('address') ? '缺少经纬度，地址也无法自动定位（请补充坐标或写明路口、点位名称）' : '新问题须填写经度和纬度', '经度')
    if (errors.length > before || !cat || !reported || !source || c === undefined) {
      bad.add(k)
      return
    }
    const [lon, lat] = c ? toWgs84(c.lon, c.lat, c.crs) : [null, null]
    const due = deadline ?? (old ? null : deadlineFor(reported, { value: cat.time_limit_value, unit: cat.time_limit_unit }, calendar))
    records.push({
      k,
      rec: {
        case_no,
        category_code: cat.code,
        description,
        source,
        lon,
        lat,
        crs: c?.crs ?? 'wgs84',
        src_lon: c?.lon ?? null,
        src_lat: c?.lat ?? null,
        reported_at: reported.toISOString(),
        deadline: due?.toISOString() ?? null,
      },
    })
  })

  const placed = records.filter((x) => x.rec.lon !== null).map((x) => ({ i: x.k, lon: x.rec.lon!, lat: x.rec.lat! }))
  for (const k of await outsideOf(q, street, placed, true)) {
    data[k].fail('lon', '该坐标不在本街道的网格范围内（请检查坐标系：高德/腾讯填 GCJ-02，百度填 BD-09）', '经度')
    bad.add(k)
  }
  const ok = records.filter((x) => !bad.has(x.k)).map((x) => x.rec)
  const created = ok.filter((x) => !existing.has(x.case_no))
  const changed = ok.filter((x) => existing.has(x.case_no) && differs(existing.get(x.case_no)!, x))
  const report = { rows: data.length, valid: data.length - bad.size, created: created.length, updated: changed.length, errors: listed(errors) }
  if (dryRun || errors.length) return report
  const actor = user.username
  const written: { event_id: number }[] = []
  if (created.length) written.push(...(await insertIssueRecords(q, street, created, actor, { imported: true })))
  if (changed.length) written.push(...(await q.query<{ event_id: number }>(Q.update, [street, JSON.stringify(changed), actor, now])))
  return { ...report, events: written.map((w) => Number(w.event_id)) }
}

const sameTime = (a: Date | null, b: string | null) => (a?.getTime() ?? null) === (b === null ? null : new Date(b).getTime())

function differs(old: Existing, rec: IssueRecord): boolean {
  if (old.category_code !== rec.category_code || old.description !== rec.description || old.source !== rec.source) return true
  if (!sameTime(old.reported_at, rec.reported_at)) return true
  if (rec.deadline !== null && !sameTime(old.deadline, rec.deadline)) return true
  if (rec.src_lon === null) return false
  return old.source_crs !== rec.crs || old.source_lon !== rec.src_lon || old.source_lat !== rec.src_lat
}

/** Writes new issues and their 上报 events in one statement; returns the ids, in no particular order. */
export async function insertIssueRecords(q: Queryable, street: number, records: IssueRecord[], actor: string, data: Record<string, unknown>) {
  return q.query<{ issue_id: number; event_id: number }>(Q.insert, [street, JSON.stringify(records), actor, JSON.stringify(data)])
}

/** The street's categories with their time limits. */
export function loadCategories(q: Queryable, street: number): Promise<Category[]> {
  return q.query<Category>(Q.categories, [street])
}

/** Rows without coordinates but with an address, placed by the 12345 locator when it is confident (row index → WGS84). */
async function locateAddresses(q: Queryable, street: number, data: DataRow[]) {
  const out = new Map<number, { lon: number; lat: number; crs: Crs }>()
  const blank = (r: DataRow, key: string) => {
    const col = r.header.at.get(key)
    return col === undefined || plain(r.src.cells[col] ?? null) === ''
  }
  const wanted = data.map((r, k) => [k, r] as const).filter(([, r]) => blank(r, 'lon') && blank(r, 'lat') && !blank(r, 'address'))
  if (!wanted.length) return out
  const g = await loadGazetteer(q, street)
  for (const [k, r] of wanted) {
    const at = await locate(q, g, plain(r.src.cells[r.header.at.get('address')!] ?? null))
    if (at && at.confidence >= LOCATE_THRESHOLD) out.set(k, { lon: at.lon, lat: at.lat, crs: 'wgs84' })
  }
  return out
}
