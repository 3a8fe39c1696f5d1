/** The 通报 as a Word document (the offices edit it in WPS or Word), with the same words as the HTML. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx'
import type { BulletinData } from './data.ts'
import { mapSvg } from './map.ts'
import { mapPng } from './raster.ts'
import { campaignTable, generated, rankingTable, SECTIONS, statusZh, summary, title, weekTitle, zhTime } from './text.ts'

const FONT = { eastAsia: 'SimSun', ascii: 'Times New Roman', hAnsi: 'Times New Roman' }
const HEI = { eastAsia: 'SimHei', ascii: 'Arial', hAnsi: 'Arial' }

const p = (text: string, o: { bold?: boolean; size?: number; center?: boolean; colour?: string; hei?: boolean } = {}) =>
  new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: o.bold, size: o.size ?? 21, color: o.colour, font: o.hei ? HEI : FONT })],
  })

const heading = (text: string) => p(text, { bold: true, size: 24, hei: true })

function table(head: string[], rows: string[][], colour?: (row: number, col: number) => string | undefined): Table {
  const cell = (text: string, header: boolean, c?: string) =>
    new TableCell({
      shading: header ? { fill: 'F2F2F2' } : undefined,
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, size: 19, bold: !!c, color: c, font: FONT })] })],
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r, k) => new TableRow({ cantSplit: true, children: r.map((t, j) => cell(t, false, colour?.(k, j))) })),
    ],
  })
}

/** Width and height of a JPEG or PNG (null for anything else). */
export function imageSize(b: Uint8Array): { w: number; h: number } | null {
  if (b[0] === 0x89 && b[1] === 0x50)
    return { w: (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], h: (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23] }
  if (b[0] !== 0xff || b[1] !== 0xd8) return null
  for (let at = 2; at + 9 < b.length;) {
    if (b[at] !== 0xff) return null
    const marker = b[at + 1]
    const len = (b[at + 2] << 8) | b[at + 3]
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { h: (b[at + 5] << 8) | b[at + 6], w: (b[at + 7] << 8) | b[at + 8] }
    at += 2 + len
  }
  return null
}

/** A photo scaled into a 150 × 112 pt box, or a note when Word cannot show its format. */
function photo(mime: string, data: Uint8Array): ParagraphChild {
  const size = imageSize(data)
  if (!size || (mime !== 'image/jpeg' && mime !== 'image/png'))
    return new TextRun({ text: '（照片格式无法嵌入，请在系统中查看）', size: 18, font: FONT })
  const k = Math.min(200 / size.w, 150 / size.h)
  return new ImageRun({
    type: mime === 'image/png' ? 'png' : 'jpg',
    data,
    transformation: { width: Math.round(size.w * k), height: Math.round(size.h * k) },
  })
}

const RED = 'C00000'
const YELLOW = 'B8860B'

/** The .docx bytes. */
export async function renderBulletinDocx(d: BulletinData): Promise<Buffer> {
  const t = rankingTable(d)
  const children: (Paragraph | Table)[] = [
    p(title(d), { bold: true, size: 36, center: true, colour: RED, hei: true }),
    p(weekTitle(d), { center: true }),
    new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 1 } }, children: [] }),
    p(summary(d)),
    heading(SECTIONS[0]),
    table(t.head, t.rows, (k, j) => (j === 6 ? (d.rows[k].flag === 'red' ? RED : d.rows[k].flag === 'yellow' ? YELLOW : undefined) : undefined)),
    heading(SECTIONS[1]),
  ]
  if (d.map.length) {
    const { png, width, height } = mapPng(d)
    // at most 420 × 560 px (about 11 × 15 cm), the shape of the frame
    const w = Math.min(420, Math.round((560 * width) / height))
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new ImageRun({
            type: 'svg',
            data: Buffer.from(mapSvg(d)),
            fallback: { type: 'png', data: png },
            transformation: { width: w, height: Math.round((w * height) / width) },
            altText: { name: '得分分布图', description: '各单元按得分着色', title: '得分分布图' },
          }),
        ],
      }),
    )
  }
  children.push(heading(SECTIONS[2]))
  children.push(
    d.failed.length
      ? table(
          ['序号', '点位类别', '检查项', '不合格次数', '涉及点位'],
          d.failed.map((f, k) => [String(k + 1), f.class_name, f.text, String(f.times), String(f.points)]),
        )
      : p('本周测评未发现不合格项。'),
  )
  children.push(heading(SECTIONS[3]))
  children.push(
    d.open.length
      ? table(
          ['编号', '点位', '问题', '社区/网格', '状态', '整改期限'],
          d.open.map((o) => [
            o.notice_no ?? `#${o.id}`,
            o.point_name,
            `${o.category_name}：${o.description}`,
            `${o.community_name} ${o.grid_name}`,
            statusZh(o.status),
            `${zhTime(o.deadline)}${o.overdue ? '（已超期）' : ''}`,
          ]),
          (k, j) => (j === 5 && d.open[k].overdue ? RED : undefined),
        )
      : p('本周督查发现的问题均已销号。'),
  )
  children.push(heading(SECTIONS[4]))
  if (!d.pairs.length) children.push(p('本周没有督查发现问题的整改前后照片。'))
  for (const pair of d.pairs) {
    children.push(p(`${pair.point_name} · ${pair.category_name} · ${zhTime(pair.closed_at)} 销号`, { bold: true }))
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: ['整改前', '整改后'].map((h) => new TableCell({ children: [p(h, { center: true })] })) }),
          new TableRow({
            cantSplit: true,
            children: [photo(pair.before_mime, pair.before_data), photo(pair.after_mime, pair.after_data)].map(
              (run) => new TableCell({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run] })] }),
            ),
          }),
        ],
      }),
    )
  }
  children.push(heading(SECTIONS[5]))
  const ct = campaignTable(d)
  children.push(ct.rows.length ? table(ct.head, ct.rows) : p('本周没有进行中的攻坚行动。'))
  children.push(p(generated(d)))
  const doc = new Document({
    creator: d.street_name,
    title: `${title(d)} ${d.week.label}`,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      { properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children },
    ],
  })
  return Packer.toBuffer(doc)
}
