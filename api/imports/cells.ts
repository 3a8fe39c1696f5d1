/** Cell values as offices type them, made plain: full-width characters, text dates, Excel serials. */
import { STREET_OFFSET_MS } from '../time-zone.ts'

/** A cell's content as read from a workbook or CSV: text, number, date (wall-clock in UTC fields) or empty. */
export type Cell = string | number | boolean | Date | null

/** A cell as text, trimmed of ASCII and full-width (ideographic) spaces; the text itself is kept as written. */
export function plain(v: Cell): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString()
  return String(v).replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '')
}

/** Text with full-width digits, letters, punctuation and spaces (１２３．４ and U+3000) folded to ASCII: for codes, numbers, dates. */
export function ascii(v: Cell): string {
  return plain(v).normalize('NFKC').replace(/\s+/g, ' ').trim()
}

/** A number from a cell (full-width digits, thousands separators and a trailing ° allowed), or null. */
export function numberOf(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  const s = ascii(v).replace(/[,°]/g, '')
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return null
  return Number(s)
}

/** Excel's serial day 0 is 1899-12-30 (Lotus's leap-year bug included); serial 25569 is 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569
const DAY_MS = 86_400_000

/**
 * An instant from a cell in the street's wall-clock time: an Excel date (exceljs gives the wall-clock
 * fields as UTC), an Excel serial number, or text such as 2026-11-03 09:30, 2026/11/3, 2026年11月3日
 * 9时30分, 20261103. Null when empty; undefined when it is not a date.
 */
export function instantOf(v: Cell): Date | null | undefined {
  if (v === null || v === '') return null
  let wall: number | undefined
  if (v instanceof Date) wall = v.getTime()
  else if (typeof v === 'number') wall = v > 20000 && v < 80000 ? Math.round(((v - EXCEL_EPOCH_DAYS) * DAY_MS) / 1000) * 1000 : undefined
  else {
    const s = ascii(v)
    if (s === '') return null
    if (/^\d{5}(\.\d+)?$/.test(s)) return instantOf(Number(s))
    const m =
      /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$/.exec(s) ??
      /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/.exec(s)
    if (!m) return undefined
    const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? undefined)
    const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se)
    const back = new Date(t)
    if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +se > 59) return undefined
    wall = t
  }
  if (wall === undefined || Number.isNaN(wall)) return undefined
  return new Date(wall - STREET_OFFSET_MS)
}
