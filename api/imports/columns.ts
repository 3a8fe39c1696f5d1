/** Headers matched by name with their common synonyms, not by position; the header row is found, not assumed. */
import { ascii, plain } from './cells.ts'
import type { SheetRow } from './upload.ts'

/** A row-level problem of an import, as the report lists it. */
export interface RowError {
  row: number
  column: string
  message: string
}

/** A column the import knows: its key, the header it is reported under, and the names it may carry. */
export interface Field {
  key: string
  label: string
  names: string[]
}

/** The coordinate columns both imports read. */
export const COORD_FIELDS: Field[] = [
  { key: 'lon', label: '经度', names: ['经度', 'longitude', 'lng', 'lon', 'long', 'x', 'x坐标', '东经'] },
  { key: 'lat', label: '纬度', names: ['纬度', 'latitude', 'lat', 'y', 'y坐标', '北纬'] },
  { key: 'crs', label: '坐标系', names: ['坐标系', 'crs', '坐标系统', '坐标类型', 'coordsys'] },
]

/** A header as compared: folded, lower case, without spaces, required marks and a trailing (unit). */
export function headerKey(v: unknown): string {
  return ascii(v as string)
    .toLowerCase()
    .replace(/[*＊\s]/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
}

export interface Header {
  row: number
  /** field key → column index */
  at: Map<string, number>
  /** the header text of each column, for error messages */
  names: string[]
}

/**
 * The header row: among the first ten rows, the one naming the most known fields (a title row above
 * it, as our own ledgers have, is skipped). A header cell merged over several columns, or two columns
 * with the same field, is an error of the header row.
 */
export function findHeader(rows: SheetRow[], fields: Field[]): { header: Header | null; errors: RowError[] } {
  const lookup = new Map<string, string>()
  for (const f of fields) for (const n of f.names) lookup.set(headerKey(n), f.key)
  let best: SheetRow | null = null
  let bestCount = 0
  for (const r of rows.slice(0, 10)) {
    const count = new Set(r.cells.map((c) => lookup.get(headerKey(c))).filter(Boolean)).size
    if (count > bestCount) {
      best = r
      bestCount = count
    }
  }
  if (!best || bestCount < 2)
    return { header: null, errors: [{ row: rows[0]?.row ?? 1, column: '', message: '找不到表头行：前 10 行中没有可识别的列名' }] }
  const errors: RowError[] = []
  const at = new Map<string, number>()
  const names = best.cells.map((c) => plain(c))
  best.cells.forEach((c, col) => {
    const key = lookup.get(headerKey(c))
    if (!key) return
    if (best.merged?.has(col) || at.has(key)) {
      errors.push({ row: best.row, column: names[col], message: `表头"${names[col]}"重复或为合并单元格，请每列只写一个表头` })
      return
    }
    at.set(key, col)
  })
  return { header: { row: best.row, at, names }, errors }
}
