/**
 * Uploads an office's ledger (.xlsx or .csv) to POST /imports/{points|issues}: first as a dry run
 * (the report, nothing written), then for real (all rows or none). XMLHttpRequest rather than fetch,
 * for the upload's progress on files of thousands of rows.
 */
export type ImportKind = 'points' | 'issues'
export type RowError = { row: number; column: string; message: string }
export type ImportReport = { rows: number; valid: number; created: number; updated: number; errors: RowError[] }
export type Outcome = { status: number; report: ImportReport | null; message: string }

import { MAX_UPLOAD_BYTES } from '../../../api/imports/limits.ts'

/** The upload limit the server applies, shown before a file is chosen. */
export const MAX_MB = MAX_UPLOAD_BYTES / 1024 / 1024

export function uploadLedger(kind: ImportKind, file: File, dryRun: boolean, onProgress: (sent: number, total: number) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1/imports/${kind}${dryRun ? '?dry_run=1' : ''}`)
    xhr.responseType = 'json'
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size)
    xhr.onload = () => {
      const body = xhr.response as (ImportReport & { error?: { message?: string } }) | null
      const isReport = !!body && typeof body === 'object' && 'rows' in body && Array.isArray(body.errors)
      resolve({ status: xhr.status, report: isReport ? (body as ImportReport) : null, message: body?.error?.message ?? `HTTP ${xhr.status}` })
    }
    xhr.onerror = () => resolve({ status: 0, report: null, message: '网络错误 (network error)' })
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
