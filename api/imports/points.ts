/** The 实地点位台账 import: rows → new and changed field points, by 编号. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { toWgs84 } from '../issues/create.ts'
import { COORD_FIELDS, findHeader, type Field } from './columns.ts'
import { listed, outsideOf, type ImportReport } from './report.ts'
import { coordsOf, dataRows } from './rows.ts'
import type { SheetRow } from './upload.ts'

const Q = {
  classes: sql(import.meta.url, 'point-classes.sql'),
  existing: sql(import.meta.url, 'points-existing.sql'),
  insert: sql(import.meta.url, 'points-insert.sql'),
  update: sql(import.meta.url, 'points-update.sql'),
}

export const POINT_FIELDS: Field[] = [
  { key: 'code', label: '编号', names: ['编号', '点位编号', '点位代码', '代码', 'code'] },
  { key: 'name', label: '名称', names: ['名称', '点位名称', '点位', 'name'] },
  { key: 'class', label: '类别', names: ['类别', '点位类别', '类型', '点位类型', 'class'] },
  { key: 'address', label: '地址', names: ['地址', '详细地址', '位置', 'address'] },
  { key: 'contact_name', label: '联系人', names: ['联系人', '负责人', '责任人', 'contact'] },
  { key: 'contact_phone', label: '电话', names: ['电话', '联系电话', '手机', '手机号', 'phone'] },
  { key: 'notes', label: '备注', names: ['备注', '说明', 'notes'] },
  ...COORD_FIELDS,
]

interface PointRecord {
  code: string
  name: string
  class_code: string
  address: string
  contact_name: string
  contact_phone: string
  notes: string
  lon?: number
  lat?: number
}

const SAME_PLACE_DEG = 1e-9
const TEXT_KEYS = ['name', 'class_code', 'address', 'contact_name', 'contact_phone', 'notes'] as const

/** Reads, checks and (unless dryRun or any row is wrong) writes the points of one file. */
export async function importPoints(q: Queryable, street: number, rows: SheetRow[], now: Date, dryRun: boolean): Promise<ImportReport> {
  const { header, errors } = findHeader(rows, POINT_FIELDS)
  if (!header) return { rows: 0, valid: 0, created: 0, updated: 0, errors }
  for (const key of ['code', 'name'] as const)
    if (!header.at.has(key))
      errors.push({ row: header.row, column: key === 'code' ? '编号' : '名称', message: `缺少必需的列"${key === 'code' ? '编号' : '名称'}"` })
  const data = dataRows(rows, header, errors)
  if (errors.length) return { rows: data.length, valid: 0, created: 0, updated: 0, errors: listed(errors) }

  const classes = await q.query<{ code: string; name: string }>(Q.classes, [street])
  const classOf = new Map<string, string>()
  for (const c of classes) {
    classOf.set(c.code.toLowerCase(), c.code)
    classOf.set(c.name, c.code)
  }
  const codes = data.map((r) => r.folded('code', 40)).filter(Boolean)
  const existing = new Map((await q.query<PointRecord>(Q.existing, [street, codes])).map((p) => [p.code, p]))

  const seen = new Map<string, number>()
  const bad = new Set<number>()
  const records: { k: number; rec: PointRecord; isNew: boolean }[] = []
  data.forEach((r, k) => {
    const before = errors.length
    const code = r.folded('code', 40)
    if (!code) r.fail('code', '编号不能为空')
    else if (seen.has(code)) r.fail('code', `编号 ${code} 与第 ${seen.get(code)} 行重复`)
    else seen.set(code, r.row)
    const old = existing.get(code)
    const name = r.text('name', 200)
    if (!name) r.fail('name', '名称不能为空')
    const classText = r.text('class', 100)
    const class_code = classText ? (classOf.get(classText) ?? classOf.get(classText.toLowerCase())) : old?.class_code
    if (classText && !class_code) r.fail('class', `没有这个点位类别"${classText}"（可填：${classes.map((c) => c.name).join('、')}）`)
    else if (!class_code) r.fail('class', '新点位须填写类别', '类别')
    const phone = r.has('contact_phone') ? r.folded('contact_phone', 40) : (old?.contact_phone ?? '')
    if (phone && !/^[0-9+ -]{7,20}$/.test(phone)) r.fail('contact_phone', `电话"${phone}"格式不正确`)
    const c = coordsOf(r)
    if (c === null && !old) r.fail('lon', '新点位须填写经度和纬度', '经度')
    const rec: PointRecord = {
      code,
      name,
      class_code: class_code ?? '',
      address: r.has('address') ? r.text('address', 500) : (old?.address ?? ''),
      contact_name: r.has('contact_name') ? r.text('contact_name', 100) : (old?.contact_name ?? ''),
      contact_phone: phone,
      notes: r.has('notes') ? r.text('notes', 2000) : (old?.notes ?? ''),
    }
    if (c) [rec.lon, rec.lat] = toWgs84(c.lon, c.lat, c.crs)
    if (errors.length > before) bad.add(k)
    else records.push({ k, rec, isNew: !old })
  })

  const placed = records.filter((x) => x.rec.lon !== undefined).map((x) => ({ i: x.k, lon: x.rec.lon!, lat: x.rec.lat! }))
  const outside = await outsideOf(q, street, placed, false)
  for (const k of outside) {
    data[k].fail('lon', '该坐标不在本街道范围内（请检查坐标系：高德/腾讯填 GCJ-02，百度填 BD-09）', '经度')
    bad.add(k)
  }
  const ok = records.filter((x) => !bad.has(x.k))
  const created = ok.filter((x) => x.isNew).map((x) => x.rec)
  const changed = ok.filter((x) => !x.isNew && differs(existing.get(x.rec.code)!, x.rec)).map((x) => x.rec)
  const report = { rows: data.length, valid: data.length - bad.size, created: created.length, updated: changed.length, errors: listed(errors) }
  if (dryRun || errors.length) return report
  if (created.length) await q.query(Q.insert, [street, JSON.stringify(created), now])
  if (changed.length) await q.query(Q.update, [street, JSON.stringify(changed), now])
  return report
}

function differs(old: PointRecord, rec: PointRecord): boolean {
  if (TEXT_KEYS.some((k) => (old[k] ?? '') !== rec[k])) return true
  return rec.lon !== undefined && (Math.abs(old.lon! - rec.lon) > SAME_PLACE_DEG || Math.abs(old.lat! - rec.lat!) > SAME_PLACE_DEG)
}
