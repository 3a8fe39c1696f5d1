/** Typed domain errors and the one mapping from them to the contract's error shape. */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type Db, DbTimeoutError, DbUnavailableError, describeError } from '../db/adapter.ts'
import { open311Error } from './open311/format.ts'

/** An error the client caused or may act on; code is snake_case, message is for people. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message)
export const unauthorized = (message = '请先登录 (login required)') => new ApiError(401, 'unauthorized', message)
export const forbidden = (code: string, message: string) => new ApiError(403, code, message)
export const tooMany = (message: string) => new ApiError(429, 'too_many_requests', message)
export const notFound = (message: string) => new ApiError(404, 'not_found', message)
export const conflict = (code: string, message: string) => new ApiError(409, code, message)
export const unprocessable = (code: string, message: string) => new ApiError(422, code, message)

/** The body of every error response. */
export const errorBody = (code: string, message: string) => ({ error: { code, message } })

/** Seconds a client is asked to wait while the database is unavailable (a restart, a reopen). */
export const DB_RETRY_AFTER_S = 5

/** Seconds a client is asked to wait when the disk is full (an administrator must free space first). */
export const STORAGE_RETRY_AFTER_S = 60

/**
 * The disk is full: SQLSTATE 53100 (disk_full, "could not extend file … No space left on device"),
 * or ENOSPC / EFBIG (a file-size limit) from a file of our own (photos, uploads).
 */
export function isStorageFull(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  return e?.code === '53100' || e?.code === 'ENOSPC' || e?.code === 'EFBIG' || /No space left on device|File too large/.test(String(e?.message ?? ''))
}

/** One log line for a failed request: its id, what happened, SQLSTATE and message (describeError). */
export function logFailure(c: Context, what: string, err: unknown): void {
  console.error(`[api] request ${c.get('requestId') ?? '-'} ${c.req.method} ${c.req.path}: ${what} (${describeError(err)})`)
}

/** Maps any thrown error to a response; internals of a 500 never reach the client. */
export function onError(err: Error, c: Context) {
  // OGC API – Features answers its exceptions as the standard's { code, description }.
  if (err instanceof ApiError && c.req.path.split('/')[1] === 'ogc') return c.json({ code: err.code, description: err.message }, err.status)
  // Open311 GeoReport v2 answers its errors as the spec's [{ code, description }], in JSON or XML.
  if (err instanceof ApiError && c.req.path.startsWith('/open311/')) {
    const e = open311Error(c.req.path, err.status, err.message)
    return c.body(e.body, err.status, { 'content-type': e.type })
  }
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status)
  if (err instanceof SyntaxError) return c.json(errorBody('malformed_json', err.message), 400)
  if (err instanceof HTTPException) {
    const code = err.status === 400 ? 'malformed_json' : err.status === 413 ? 'payload_too_large' : 'http_error'
    return c.json(errorBody(code, err.message), err.status)
  }
  if (err instanceof DbUnavailableError) {
    logFailure(c, 'database unavailable', err)
    c.header('Retry-After', String(DB_RETRY_AFTER_S))
    return c.json(errorBody('database_unavailable', '数据库暂时不可用，请稍后重试 (database unavailable, please retry)'), 503)
  }
  if (err instanceof DbTimeoutError) {
    logFailure(c, 'database budget spent', err)
    return c.json(errorBody('query_timeout', '查询超时，请缩小范围或时间段后重试 (the request took too long)'), 503)
  }
  // The database's disk is full (SQLSTATE 53100 disk_full: PostgreSQL could not extend a file), or a
  // file of ours could not be written for lack of space: nothing was saved, reads go on.
  if (isStorageFull(err)) {
    logFailure(c, 'storage full', err)
    c.header('Retry-After', String(STORAGE_RETRY_AFTER_S))
    return c.json(
      errorBody('storage_full', '服务器存储空间已满，本次提交未保存；查询不受影响，请联系管理员清理磁盘后重试 (storage full: nothing was saved)'),
      507,
    )
  }
  // PostgreSQL's data exceptions (SQLSTATE class 22: a NUL in text, a value out of range …) come
  // from values a client sent that slipped past validation: still the client's 400, never a 500.
  const sqlstate = (err as { code?: unknown }).code
  if (typeof sqlstate === 'string' && sqlstate.startsWith('22')) {
    logFailure(c, 'rejected by the database', err)
    return c.json(errorBody('invalid_parameter', '提交的数据包含无法保存的值 (a value cannot be stored)'), 400)
  }
  // An internal error (class XX) that reached here was not raised by the engine but noticed after it
  // (an answer only a damaged engine gives): the engine is reopened, and the client may retry.
  if (typeof sqlstate === 'string' && sqlstate.startsWith('XX')) {
    logFailure(c, 'engine damaged', err)
    ;(c.get('deps') as { db?: Db } | undefined)?.db?.damaged?.(err)
    c.header('Retry-After', String(DB_RETRY_AFTER_S))
    return c.json(errorBody('database_unavailable', '数据库暂时不可用，请稍后重试 (database unavailable, please retry)'), 503)
  }
  logFailure(c, 'internal error', err)
  return c.json(errorBody('internal_error', '服务器内部错误'), 500)
}
