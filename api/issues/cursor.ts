/** Opaque keyset cursors for the issue list: the (reported_at, id) of the last row served. */
import { badRequest } from '../errors.ts'

/** Encodes the position after a row. */
export function encodeCursor(reportedAt: Date, id: number): string {
  return Buffer.from(`${reportedAt.toISOString()}|${id}`).toString('base64url')
}

/** Decodes a cursor from a client; a bad one is a 400 naming the parameter. */
export function decodeCursor(cursor: string): [Date, number] {
  const [t, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const at = new Date(t)
  if (!t || Number.isNaN(at.getTime()) || !/^\d{1,15}$/.test(id ?? '')) {
    throw badRequest('invalid_parameter', 'cursor: not a cursor this server issued')
  }
  return [at, Number(id)]
}
