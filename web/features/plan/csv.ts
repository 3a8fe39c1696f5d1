/** CSV export of a table, readable by Excel (UTF-8 BOM, CRLF, quoted where needed). */

/** One CSV cell: quoted when it holds a comma, quote or line break; formulas neutralised. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v)
  // A leading = + - @ would run as a formula in a spreadsheet; numbers keep their sign.
  if (/^[=+\-@]/.test(s) && Number.isNaN(Number(s))) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The whole table as CSV text with a BOM so Excel opens it as UTF-8. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** Offers text or a data URL as a file download. */
export function download(name: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }))
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 1000)
}
