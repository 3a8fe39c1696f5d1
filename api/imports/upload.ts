/**
 * An uploaded table (.xlsx or .csv) as rows of plain cells numbered as Excel numbers them. Every way a
 * file can be wrong ends here as a 4xx with a Chinese message: not a workbook, a zip bomb, too many
 * rows, an empty sheet, an encoding that is neither UTF-8 nor GB18030.
 */
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { ApiError, badRequest, unprocessable } from '../errors.ts'
import type { Cell } from './cells.ts'
import { MAX_IMPORT_ROWS, MAX_UPLOAD_BYTES, MAX_XLSX_INFLATED_BYTES } from './limits.ts'
import { inflationCheck } from './zip.ts'

/** One row of the file: its number as Excel shows it, and its cells from column A. */
export interface SheetRow {
  row: number
  cells: Cell[]
  /** Columns (0-based) whose cell is covered by a merge from another cell. */
  merged?: Set<number>
  /** Columns whose cell is a formula without a cached result. */
  formulas?: Set<number>
}

const tooLarge = (what: string) => new ApiError(413, 'payload_too_large', what)

/** The `file` field of a multipart upload, with its name. */
export async function uploadedFile(req: Request): Promise<{ name: string; bytes: Uint8Array }> {
  if (!(req.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    throw badRequest('invalid_parameter', 'file: 请以 multipart/form-data 上传文件字段 file (multipart field "file" required)')
  const file = (await req.formData()).get('file')
  if (!(file instanceof Blob)) throw badRequest('invalid_parameter', 'file: 缺少文件 (missing file field)')
  if (file.size > MAX_UPLOAD_BYTES) throw tooLarge(`文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB (file too large)`)
  if (file.size === 0) throw unprocessable('empty_file', '文件为空 (empty file)')
  return { name: file instanceof File ? file.name : '', bytes: new Uint8Array(await file.arrayBuffer()) }
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** The rows of the file's first sheet (a workbook) or of the CSV text. */
export async function readTable(name: string, bytes: Uint8Array): Promise<SheetRow[]> {
  const rows = isZip(bytes) ? await readWorkbook(bytes) : /\.(csv|txt)$/i.test(name) ? readCsv(bytes) : notATable(name)
  const data = rows.filter((r) => r.cells.some((c) => c !== null && c !== ''))
  if (data.length === 0) throw unprocessable('empty_sheet', '工作表为空：没有表头和数据行 (the sheet is empty)')
  if (data.length > MAX_IMPORT_ROWS + 5)
    throw tooLarge(`一次最多导入 ${MAX_IMPORT_ROWS} 行，文件有 ${data.length} 行，请拆分后分批导入 (too many rows)`)
  return data
}

function notATable(name: string): never {
  throw unprocessable('invalid_file', `无法识别的文件 ${name || ''}：请上传 Excel 工作簿 (.xlsx) 或 CSV 文件 (not an .xlsx or .csv file)`)
}

async function readWorkbook(bytes: Uint8Array): Promise<SheetRow[]> {
  const inflated = inflationCheck(bytes, MAX_XLSX_INFLATED_BYTES)
  if (inflated === 'invalid') throw unprocessable('invalid_file', '文件不是有效的 Excel 工作簿（压缩结构损坏）(not a workbook)')
  if (inflated === 'too_large') throw tooLarge(`工作簿解压后超过 ${MAX_XLSX_INFLATED_BYTES / 1024 / 1024} MB，拒绝处理 (workbook inflates too far)`)
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw unprocessable('invalid_file', '文件不是有效的 Excel 工作簿（.xlsx），旧版 .xls 请另存为 .xlsx (not a workbook)')
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? wb.worksheets[0]
  if (!ws) throw unprocessable('empty_sheet', '工作簿中没有工作表 (no worksheet)')
  if (ws.actualRowCount > MAX_IMPORT_ROWS + 5)
    throw tooLarge(`一次最多导入 ${MAX_IMPORT_ROWS} 行，文件有 ${ws.actualRowCount} 行，请拆分后分批导入 (too many rows)`)
  const out: SheetRow[] = []
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const r: SheetRow = { row: n, cells: [] }
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.isMerged && cell.master !== cell) (r.merged ??= new Set()).add(col - 1)
      const v = cellValue(cell.value)
      if (v === undefined) (r.formulas ??= new Set()).add(col - 1)
      r.cells[col - 1] = v ?? null
    })
    for (let k = 0; k < r.cells.length; k += 1) r.cells[k] ??= null
    out.push(r)
  })
  return out
}

/** A cell as plain value: a formula's cached result (undefined when it has none), rich text as text. */
function cellValue(v: ExcelJS.CellValue): Cell | undefined {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v
  if ('formula' in v || 'sharedFormula' in v) {
    const res = (v as ExcelJS.CellFormulaValue).result
    if (res === undefined || res === null || (typeof res === 'object' && !(res instanceof Date))) return undefined
    return res
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('')
  if ('text' in v) return String(v.text)
  if ('error' in v) return null
  return null
}

/** CSV text: UTF-8 (with or without BOM) when it decodes as such, else GB18030 (Excel's 「CSV」 on Chinese Windows). */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030')
  }
}

function readCsv(bytes: Uint8Array): SheetRow[] {
  const text = decodeCsv(bytes)
  if (text.includes('\u0000')) notATable('')
  return parseCsv(text).map((cells, k) => ({ row: k + 1, cells }))
}

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, CRLF or LF; a tab-separated file too. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0)
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ','
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let k = 0; k < text.length; k += 1) {
    const ch = text[k]
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        field += '"'
        k += 1
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === sep) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[k + 1] === '\n') k += 1
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
