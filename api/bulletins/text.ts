/** The words of the 通报, shared by its HTML and Word forms so both say the same. */
import { zhTime } from '../notices/render.ts'
import { STATUS_ZH, type Status } from '../issues/states.ts'
import type { BulletinData } from './data.ts'

const LEVEL_ZH = { community: '社区', grid: '网格', street: '街道' } as const

/** "2026年第30周（7月20日—7月26日）". */
export function weekTitle(d: BulletinData): string {
  const [y, n] = d.week.label.split('-W')
  const day = (t: number) => {
    const s = new Date(t + 8 * 3_600_000).toISOString()
    return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`
  }
  return `${y}年第${Number(n)}周（${day(d.week.start.getTime())}—${day(d.week.end.getTime() - 1)}）`
}

export const title = (d: BulletinData) => `${d.street_name}创建文明城市督查测评通报`

export const flagZh = (f: string | null) => (f === 'red' ? '红旗' : f === 'yellow' ? '黄旗' : '')
export const scoreZh = (s: number | null) => (s === null ? '未测评' : s.toFixed(1))
export const changeZh = (c: number | null) => (c === null ? '—' : c > 0 ? `↑${c.toFixed(1)}` : c < 0 ? `↓${(-c).toFixed(1)}` : '持平')
export const statusZh = (s: string) => STATUS_ZH[s as Status] ?? s

/** The ranking table's header and rows as text cells. */
export function rankingTable(d: BulletinData): { head: string[]; rows: string[][] } {
  return {
    head: ['名次', LEVEL_ZH[d.level], '得分', '测评点位', '不合格项', '较上周', '评定'],
    rows: d.rows.map((r) => [
      r.rank === null ? '—' : String(r.rank),
      r.name,
      scoreZh(r.score),
      String(r.inspected_points),
      String(r.failed_items),
      changeZh(r.change),
      flagZh(r.flag),
    ]),
  }
}

/** The opening paragraph: how many were inspected, the flags, the settings. */
export function summary(d: BulletinData): string {
  const scored = d.rows.filter((r) => r.score !== null)
  const points = d.rows.reduce((s, r) => s + r.inspected_points, 0)
  const red = d.rows.filter((r) => r.flag === 'red').map((r) => r.name)
  const yellow = d.rows.filter((r) => r.flag === 'yellow').map((r) => r.name)
  const parts = [
    `本周共测评点位 ${points} 个，覆盖${LEVEL_ZH[d.level]} ${scored.length} 个（共 ${d.rows.length} 个）。`,
    red.length ? `授予红旗：${red.join('、')}。` : '',
    yellow.length ? `授予黄旗：${yellow.join('、')}。` : '',
    d.settings.blend_weight > 0 ? `得分中闭环指标（按期结案率、返工率）权重 ${Math.round(d.settings.blend_weight * 100)}%。` : '',
  ]
  return parts.join('')
}

export const SECTIONS = [
  '一、测评排名',
  '二、得分分布图',
  '三、突出问题（高频不合格项）',
  '四、督查发现尚未销号的问题',
  '五、整改前后对比',
  '六、本周攻坚行动',
] as const

/** The week's campaigns as table cells: name, phase, days left, each target with its status. */
export function campaignTable(d: BulletinData): { head: string[]; rows: string[][] } {
  return {
    head: ['攻坚行动', '所处阶段', '剩余天数', '目标进度'],
    rows: d.campaigns.map((c) => [
      c.name,
      c.phase ?? (c.days_left === 0 ? '已结束' : '未开始'),
      String(c.days_left),
      c.targets.length ? c.targets.map((t) => `${t.text}：${t.status}`).join('；') : '未设目标',
    ]),
  }
}

export const generated = (d: BulletinData) => `生成时间：${zhTime(d.now)}`
export { zhTime }
