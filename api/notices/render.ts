/** Renders the 整改通知单 as one self-contained HTML page (no external resource: the map is inline SVG). */
import { isoLocal } from '../deadlines/worktime.ts'
import { NOTICE_CSS } from './style.ts'

export interface NoticeRow {
  id: number
  /** When it was (last) 交办: the notice's date of issue. */
  assigned_at: Date | null
  notice_no: string
  /** a 12345 order's 工单号 (or an imported ledger's 编号) */
  case_no: string | null
  description: string
  reported_at: Date
  deadline: Date | null
  source: string
  category_name: string
  time_limit_value: number
  time_limit_unit: 'work_hours' | 'work_days'
  grid_code: string
  grid_name: string
  manager_name: string
  community_name: string
  group_name: string | null
  leader_name: string | null
  street_name: string
  lon: number
  lat: number
  xmin: number
  ymin: number
  xmax: number
  ymax: number
  grid_svg: string
  roads_svg: string | null
  px: number
  py: number
}

const SOURCE_ZH: Record<string, string> = {
  inspection: '巡查发现',
  hotline_12345: '12345热线',
  digital_city: '数字城管',
  public: '群众反映',
  open311: 'Open311 接口',
}

/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/** "2026年11月20日 10:00" in the street's time zone. */
export function zhTime(t: Date | null): string {
  if (!t) return '—'
  const s = isoLocal(t)
  return `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`
}

/** The map: grid outline, nearby roads and the problem point, in metres (EPSG:4547), north up. */
export function mapSvg(r: NoticeRow): string {
  const w = r.xmax - r.xmin
  const h = r.ymax - r.ymin
  const dot = Math.max(w, h) / 60
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${r.xmin} ${-r.ymax} ${w} ${h}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="问题位置示意图">
<rect x="${r.xmin}" y="${-r.ymax}" width="${w}" height="${h}" fill="#fff"/>
${r.roads_svg ? `<path d="${esc(r.roads_svg)}" fill="none" stroke="#999" stroke-width="${dot / 2}"/>` : ''}
<path d="${esc(r.grid_svg)}" fill="#f4f4f4" fill-opacity="0.6" stroke="#000" stroke-width="${dot / 3}" stroke-dasharray="${dot} ${dot / 2}"/>
<circle cx="${r.px}" cy="${-r.py}" r="${dot}" fill="#c00" stroke="#fff" stroke-width="${dot / 4}"/>
</svg>`
}

const limitText = (r: NoticeRow) => `${r.time_limit_value}个${r.time_limit_unit === 'work_hours' ? '工作小时' : '工作日'}`

/** The whole page: 责任主体联 above the cut line, 回头看销号联 below. */
export function renderNotice(r: NoticeRow, photo: string | null): string {
  const where = `${esc(r.community_name)} · ${esc(r.grid_name)}（${esc(r.grid_code)}）`
  const coords = `东经 ${r.lon.toFixed(6)}°，北纬 ${r.lat.toFixed(6)}°（WGS84）`
  const title = `${esc(r.street_name)}创建文明城市`
  const head = (part: string) => `<h1>${title}整改通知单</h1><h2>（${part}）</h2><div class="no">${esc(r.notice_no)}</div>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>整改通知单 ${esc(r.notice_no)}</title>
<style>${NOTICE_CSS}</style></head>
<body><p class="print">打印：Ctrl+P（A4 纵向，无页眉页脚）</p><div class="sheet">
<section class="part" id="responsible">${head('责任主体联')}
<table>
<tr><th>责任单位</th><td>${esc(r.group_name ?? '—')}${r.leader_name ? `（牵头领导：${esc(r.leader_name)}）` : ''}</td></tr>
<tr><th>问题类别</th><td>${esc(r.category_name)}</td></tr>
<tr><th>问题描述</th><td>${esc(r.description)}</td></tr>
<tr><th>问题位置</th><td>${where}<br>${coords}</td></tr>
<tr><th>发现时间</th><td>${zhTime(r.reported_at)}（${esc(SOURCE_ZH[r.source] ?? r.source)}，问题编号 ${r.id}${r.case_no ? `，工单号 ${esc(r.case_no)}` : ''}）</td></tr>
<tr><th>整改要求</th><td>请接到本通知后立即组织整改，于期限内整改到位，并将整改后照片或情况说明反馈网格员 ${esc(r.manager_name)}；逾期未整改的，街道将予以催办、督办。</td></tr>
<tr><th>整改期限</th><td><strong>${zhTime(r.deadline)}</strong> 前（${limitText(r)}）</td></tr>
</table>
<div class="figs"><figure>${mapSvg(r)}<figcaption>位置示意（虚线为责任网格，红点为问题位置）</figcaption></figure>
${photo ? `<figure><img src="${photo}" alt="问题照片"><figcaption>问题照片</figcaption></figure>` : ''}</div>
<table class="sign"><tr><th>签收人</th><td></td><th>签收时间</th><td></td></tr>
<tr><th>签发单位</th><td class="seal">（盖章）</td><th>签发日期</th><td class="seal">${zhTime(r.assigned_at).split(' ')[0]}</td></tr></table>
</section>
<div class="cut"><span>✂ 沿此线裁开 · 下联由街道留存，回头看后销号</span></div>
<section class="part" id="verification">${head('回头看销号联')}
<table>
<tr><th>责任单位</th><td>${esc(r.group_name ?? '—')}</td></tr>
<tr><th>问题</th><td>${esc(r.category_name)}：${esc(r.description)}</td></tr>
<tr><th>问题位置</th><td>${where}</td></tr>
<tr><th>整改期限</th><td>${zhTime(r.deadline)}</td></tr>
<tr><th>回头看结果</th><td><span class="box"></span>已整改到位，同意销号　　<span class="box"></span>未整改到位，退回返工<br><span class="box"></span>客观无法整改，已书面答复（经领导审批）</td></tr>
<tr><th>情况说明</th><td style="height:16mm"></td></tr>
</table>
<table class="sign"><tr><th>检查人签名</th><td></td><th>检查日期</th><td></td></tr>
<tr><th>销号人签名</th><td></td><th>销号日期</th><td></td></tr></table>
</section></div></body></html>`
}
