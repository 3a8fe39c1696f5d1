/** Reading the data rows under a header: cells by field, coordinates in any of the three systems. */
import type { Cell } from './cells.ts'
import { ascii, numberOf, plain } from './cells.ts'
import type { Header, RowError } from './columns.ts'
import type { SheetRow } from './upload.ts'

export type Crs = 'wgs84' | 'gcj02' | 'bd09'

/** One data row with its cells looked up by field key; problems are collected in `errors`. */
export class DataRow {
  constructor(
    readonly src: SheetRow,
    readonly header: Header,
    readonly errors: RowError[],
  ) {}

  get row() {
    return this.src.row
  }

  /** The header text of a field's column (or the field key when the file has no such column). */
  label(key: string, fallback = key): string {
    const col = this.header.at.get(key)
    return col === undefined ? fallback : this.header.names[col]
  }

  has(key: string): boolean {
    return this.header.at.has(key)
  }

  /** The raw cell of a field; a formula without a computed result is reported. */
  cell(key: string): Cell {
    const col = this.header.at.get(key)
    if (col === undefined) return null
    if (this.src.formulas?.has(col)) {
      this.fail(key, '公式没有计算结果，请在 Excel 中打开后保存，或粘贴为数值')
      return null
    }
    return this.src.cells[col] ?? null
  }

  text(key: string, max = 2000): string {
    const s = plain(this.cell(key))
    if (s.length > max) this.fail(key, `内容过长（最多 ${max} 字）`)
    return s.slice(0, max)
  }

  /** A code or number written as text: full-width characters folded (１２３ → 123). */
  folded(key: string, max = 60): string {
    const s = ascii(this.cell(key))
    if (s.length > max) this.fail(key, `内容过长（最多 ${max} 字）`)
    return s.slice(0, max)
  }

  fail(key: string, message: string, fallback = key) {
    this.errors.push({ row: this.row, column: this.label(key, fallback), message })
  }
}

/** The data rows below the header, each a DataRow writing its problems into `errors`. */
export function dataRows(rows: SheetRow[], header: Header, errors: RowError[]): DataRow[] {
  return rows.filter((r) => r.row > header.row).map((r) => new DataRow(r, header, errors))
}

const CRS_NAMES: Record<string, Crs> = {
  wgs84: 'wgs84',
  'wgs-84': 'wgs84',
  'epsg:4326': 'wgs84',
  '4326': 'wgs84',
  gps: 'wgs84',
  cgcs2000: 'wgs84',
  'epsg:4490': 'wgs84',
  gcj02: 'gcj02',
  'gcj-02': 'gcj02',
  高德: 'gcj02',
  腾讯: 'gcj02',
  火星坐标: 'gcj02',
  bd09: 'bd09',
  'bd-09': 'bd09',
  百度: 'bd09',
}

/**
 * The row's coordinates: null when both cells are empty (the caller decides whether that is allowed),
 * otherwise lon/lat and their system, or undefined after reporting what is wrong.
 */
export function coordsOf(r: DataRow): { lon: number; lat: number; crs: Crs } | null | undefined {
  const before = r.errors.length
  const lonCell = r.cell('lon')
  const latCell = r.cell('lat')
  if (r.errors.length > before) return undefined
  if (plain(lonCell) === '' && plain(latCell) === '') return null
  const lon = numberOf(lonCell)
  const lat = numberOf(latCell)
  if (lon === null) r.fail('lon', `经度"${plain(lonCell)}"不是数字`, '经度')
  if (lat === null) r.fail('lat', `纬度"${plain(latCell)}"不是数字`, '纬度')
  if (lon === null || lat === null) return undefined
  if (lon >= 3 && lon <= 54 && lat >= 73 && lat <= 136) {
    r.fail('lon', '经度和纬度似乎填反了（经度约 113，纬度约 28）', '经度')
    return undefined
  }
  if (lon < 73 || lon > 136) return void r.fail('lon', `经度 ${lon} 不在中国范围内`, '经度')
  if (lat < 3 || lat > 54) return void r.fail('lat', `纬度 ${lat} 不在中国范围内`, '纬度')
  const crsText = ascii(r.cell('crs')).toLowerCase().replace(/\s/g, '')
  let crs: Crs = 'wgs84'
  if (crsText) {
    const hit = CRS_NAMES[crsText] ?? Object.entries(CRS_NAMES).find(([k]) => crsText.includes(k))?.[1]
    if (!hit) return void r.fail('crs', `无法识别的坐标系"${crsText}"（可填 WGS84、GCJ-02/高德/腾讯、BD-09/百度）`, '坐标系')
    crs = hit
  }
  return { lon, lat, crs }
}
