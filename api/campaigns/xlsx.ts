/** A campaign's summary as an Excel workbook (exceljs): overview, phases against the control, targets, daily line. */
import ExcelJS from 'exceljs'
import { STREET_OFFSET_MS } from '../time-zone.ts'
import type { measure } from './measure.ts'

type Page = Awaited<ReturnType<typeof measure>>

const STATE: Record<string, string> = { upcoming: '未开始', running: '进行中', ended: '已结束', archived: '已归档' }
export const TARGET_STATUS: Record<string, string> = {
  upcoming: '未开始',
  on_track: '达标中',
  at_risk: '有风险',
  met: '已达成',
  missed: '未达成',
  no_data: '无数据',
}

/** Excel has no time zones: dates are written as the street's wall-clock time. */
const local = (d: Date | string) => new Date(new Date(d).getTime() + STREET_OFFSET_MS)
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v)

/** Describes a target in words, as the page does. */
export function targetText(t: Page['targets'][number]): string {
  if (t.metric === 'rectification_rate') return `整改率 ≥ ${Math.round(t.min * 1000) / 10}%`
  if (t.metric === 'inspection_coverage') return `每周巡查覆盖区域内点位 ≥ ${Math.round(t.min * 1000) / 10}%（最差一周）`
  const sign = t.change > 0 ? '+' : ''
  return `${t.category ? `${t.category} ` : ''}新增问题日均 ${sign}${Math.round(t.change * 1000) / 10}%（对比基准期）`
}

export async function summaryWorkbook(page: Page, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.created = now
  const c = page.campaign

  const o = wb.addWorksheet('概况')
  o.columns = [{ width: 16 }, { width: 60 }]
  o.addRow(['攻坚行动', c.name]).font = { bold: true, size: 14 }
  o.addRow(['状态', STATE[c.state]])
  o.addRow(['开始', local(c.starts_at)])
  o.addRow(['结束', local(c.ends_at)])
  o.addRow(['基准期', `${local(c.baseline.from).toISOString().slice(0, 10)} 至 ${local(c.baseline.to).toISOString().slice(0, 10)}`])
  o.addRow(['问题类别', c.categories?.join('、') ?? '全部'])
  o.addRow(['责任整治组', c.group ?? '—'])
  o.addRow(['区域面积（平方米）', Math.round(page.area_m2)])
  o.addRow(['导出时间', local(now)])
  for (const r of [3, 4, 9]) o.getCell(`B${r}`).numFmt = 'yyyy-mm-dd hh:mm'

  const p = wb.addWorksheet('分阶段', { views: [{ state: 'frozen', ySplit: 1 }] })
  p.columns = [
    { header: '阶段', width: 14 },
    { header: '开始', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
    { header: '结束', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
    { header: '状态', width: 10 },
    { header: '区域问题数', width: 12 },
    { header: '对照区问题数', width: 14 },
    { header: '区域日均变化', width: 14, style: { numFmt: '0.0%' } },
    { header: '对照区日均变化', width: 16, style: { numFmt: '0.0%' } },
    { header: '双重差分', width: 12, style: { numFmt: '0.0%' } },
  ]
  p.addRow(['基准期', local(page.baseline.from), local(page.baseline.to), '', page.baseline.area.total, page.baseline.control.total])
  for (const ph of page.phases) {
    p.addRow([
      ph.name,
      local(ph.from),
      local(ph.to),
      STATE[ph.state],
      ph.area?.total ?? '—',
      ph.control?.total ?? '—',
      pct(ph.change?.area),
      pct(ph.change?.control),
      pct(ph.change?.difference),
    ])
  }
  p.getRow(1).font = { bold: true }

  const t = wb.addWorksheet('目标', { views: [{ state: 'frozen', ySplit: 1 }] })
  t.columns = [
    { header: '目标', width: 44 },
    { header: '目标值', width: 10, style: { numFmt: '0.0%' } },
    { header: '实际', width: 10, style: { numFmt: '0.0%' } },
    { header: '状态', width: 10 },
  ]
  for (const g of page.targets) {
    t.addRow([
      targetText(g),
      g.metric === 'rectification_rate' || g.metric === 'inspection_coverage' ? g.min : g.change,
      pct(g.actual),
      TARGET_STATUS[g.status],
    ])
  }
  t.getRow(1).font = { bold: true }

  const d = wb.addWorksheet('每日', { views: [{ state: 'frozen', ySplit: 1 }] })
  d.columns = [
    { header: '日期', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { header: '新增', width: 8 },
    { header: '在办（日末）', width: 12 },
  ]
  for (const r of page.daily) d.addRow([new Date(`${r.day}T00:00:00Z`), r.new, r.open])
  d.getRow(1).font = { bold: true }

  return Buffer.from(await wb.xlsx.writeBuffer())
}
