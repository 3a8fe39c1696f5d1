/** The 通报 as one printable A4 HTML page (no script, no outside resource: photos and map inline). */
import { esc } from '../notices/render.ts'
import type { BulletinData } from './data.ts'
import { mapSvg } from './map.ts'
import { campaignTable, generated, rankingTable, SECTIONS, statusZh, summary, title, weekTitle, zhTime } from './text.ts'

const CSS = `
@page { size: A4 portrait; margin: 15mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; margin: 0; font-size: 10.5pt; }
.sheet { width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; color: #c00; letter-spacing: 1pt; }
.week { text-align: center; margin: 0 0 3mm; }
.rule { border-top: 0.6mm solid #c00; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; font-family: "SimHei", "Noto Sans CJK SC", sans-serif; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; break-inside: avoid; }
td, th { border: 0.3mm solid #000; padding: 0.8mm 1.5mm; text-align: center; }
th { background: #f2f2f2; font-weight: normal; }
td.l { text-align: left; }
th, td.n { white-space: nowrap; }
.red { color: #c00; font-weight: bold; }
.yellow { color: #b8860b; font-weight: bold; }
.map svg { max-width: 170mm; height: 125mm; display: block; margin: 0 auto; }
.pairs { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
.pair { border: 0.3mm solid #000; padding: 1.5mm; break-inside: avoid; page-break-inside: avoid; }
.pair .imgs { display: flex; gap: 1.5mm; }
.pair figure { margin: 0; flex: 1; }
.pair img { width: 100%; height: 32mm; object-fit: cover; display: block; }
figcaption, .small { font-size: 8.5pt; }
.foot { margin-top: 6mm; text-align: right; font-size: 9pt; color: #333; }
@media screen { body { background: #ddd; } .sheet { background: #fff; padding: 12mm; margin: 6mm auto; } }
`

const dataUrl = (mime: string, data: Uint8Array) => `data:${mime};base64,${Buffer.from(data).toString('base64')}`

/** The whole page. */
export function renderBulletinHtml(d: BulletinData): string {
  const t = rankingTable(d)
  const flagClass = (f: string | null) => (f ? ` class="${f}"` : '')
  const ranking = `<table><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map(
      (cells, k) =>
        `<tr>${cells.map((c, j) => `<td${j === 6 ? flagClass(d.rows[k].flag) : j === 1 ? ' class="l"' : ''}>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`
  const failed = d.failed.length
    ? `<table><thead><tr><th>序号</th><th>点位类别</th><th>检查项</th><th>不合格次数</th><th>涉及点位</th></tr></thead><tbody>${d.failed
        .map(
          (f, k) => `<tr><td>${k + 1}</td><td>${esc(f.class_name)}</td><td class="l">${esc(f.text)}</td><td>${f.times}</td><td>${f.points}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>本周测评未发现不合格项。</p>'
  const open = d.open.length
    ? `<table><thead><tr><th>编号</th><th>点位</th><th>问题</th><th>社区/网格</th><th>状态</th><th>整改期限</th></tr></thead><tbody>${d.open
        .map(
          (o) =>
            `<tr><td>${esc(o.notice_no ?? `#${o.id}`)}</td><td class="l">${esc(o.point_name)}</td><td class="l">${esc(o.category_name)}：${esc(o.description)}</td><td class="l">${esc(o.community_name)} ${esc(o.grid_name)}</td><td class="n">${esc(statusZh(o.status))}</td><td${o.overdue ? ' class="red"' : ''}>${esc(zhTime(o.deadline))}${o.overdue ? '（已超期）' : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>本周督查发现的问题均已销号。</p>'
  const pairs = d.pairs.length
    ? `<div class="pairs">${d.pairs
        .map(
          (p) =>
            `<div class="pair"><div class="imgs"><figure><img src="${dataUrl(p.before_mime, p.before_data)}" alt="整改前"><figcaption>整改前</figcaption></figure><figure><img src="${dataUrl(p.after_mime, p.after_data)}" alt="整改后"><figcaption>整改后</figcaption></figure></div><div class="small">${esc(p.point_name)} · ${esc(p.category_name)} · ${esc(zhTime(p.closed_at))} 销号</div></div>`,
        )
        .join('')}</div>`
    : '<p>本周没有督查发现问题的整改前后照片。</p>'
  const ct = campaignTable(d)
  const campaigns = ct.rows.length
    ? `<table><thead><tr>${ct.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${ct.rows
        .map((cells) => `<tr>${cells.map((c, j) => `<td${j === 0 || j === 3 ? ' class="l"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '<p>本周没有进行中的攻坚行动。</p>'
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title(d))} ${esc(d.week.label)}</title><style>${CSS}</style></head><body><div class="sheet">
<h1>${esc(title(d))}</h1><p class="week">${esc(weekTitle(d))}</p><div class="rule"></div>
<p>${esc(summary(d))}</p>
<h2>${SECTIONS[0]}</h2>${ranking}
<h2>${SECTIONS[1]}</h2><div class="map">${mapSvg(d)}</div>
<h2>${SECTIONS[2]}</h2>${failed}
<h2>${SECTIONS[3]}</h2>${open}
<h2>${SECTIONS[4]}</h2>${pairs}
<h2>${SECTIONS[5]}</h2>${campaigns}
<p class="foot">${esc(generated(d))}</p>
</div></body></html>`
}
