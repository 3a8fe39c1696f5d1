/** Helpers of the import tests: workbooks written by exceljs in the test, uploads as multipart. */
import ExcelJS from 'exceljs'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf, type Json } from '../issues/test-helpers.ts'

/** A workbook of one sheet with these rows (cells as exceljs takes them), as bytes. */
export async function workbookOf(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  edit?.(ws)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** Uploads `bytes` as the multipart field `file` named `name`; returns status and JSON body. */
export async function upload(path: string, bytes: Uint8Array, name: string, as = 'admin'): Promise<{ status: number; body: Json }> {
  const app = await testApp()
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name))
  const res = await app.request(path, { method: 'POST', body: form, headers: as ? { cookie: await cookieOf(as) } : {} })
  return { status: res.status, body: (await res.json()) as Json }
}

/** A short random tag, so runs sharing one database (the PostgreSQL project) do not meet. */
export const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase()
