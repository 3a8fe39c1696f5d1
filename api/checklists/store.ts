/** Reading and versioning checklists: the one place inspections and the admin edit go through. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { notFound, unprocessable } from '../errors.ts'

const Q = {
  get: sql(import.meta.url, 'get.sql'),
  lock: sql(import.meta.url, 'lock.sql'),
  insert: sql(import.meta.url, 'insert.sql'),
  codesUsed: sql(import.meta.url, 'codes-used.sql'),
}

/** One item of a checklist. */
export interface ChecklistItem {
  code: string
  text: string
  points: number
  category: string
  category_name: string
  photo_required: boolean
}

/** A version of a point class's checklist. */
export interface Checklist {
  class_code: string
  class_name: string
  version: number
  created_at: string
  created_by: string
  synthetic: boolean
  items: ChecklistItem[]
}

type Row = Omit<Checklist, 'created_at'> & { created_at: Date }

/** The checklists of `classCode` (null = every class), current or at `version`. */
export async function readChecklists(q: Queryable, street: number, classCode: string | null, version: number | null = null): Promise<Checklist[]> {
  const rows = await q.query<Row>(Q.get, [street, classCode, version])
  return rows.map((r) => ({ ...r, created_at: isoLocal(r.created_at) }))
}

/** An item as an admin sends it; `code` is kept when given so an edited item keeps its identity. */
export interface ItemInput {
  code?: string
  text: string
  points: number
  category: string
  photo_required: boolean
}

/** Writes `items` as the next version of `classCode`'s checklist inside the caller's transaction. */
export async function writeChecklist(q: Queryable, street: number, classCode: string, items: ItemInput[], by: string, at: Date) {
  const [lock] = await q.query<{ next: number }>(Q.lock, [street, classCode])
  if (!lock) throw notFound(`没有这个点位类别: ${classCode} (unknown point class)`)
  const used = new Set(items.flatMap((i) => (i.code ? [i.code] : [])))
  if (used.size !== items.filter((i) => i.code).length) throw unprocessable('duplicate_item', '检查项编码重复 (duplicate item code)')
  // New items take codes no version of the class has used: a removed check's code is never reused.
  const taken = new Set([...used, ...(await q.query<{ code: string }>(Q.codesUsed, [street, classCode])).map((r) => r.code)])
  let k = 0
  const named = items.map((i) => {
    if (i.code) return { ...i, code: i.code }
    let code: string
    do code = `i${String(++k).padStart(2, '0')}`
    while (taken.has(code))
    taken.add(code)
    return { ...i, code }
  })
  const rows = await q.query(Q.insert, [street, classCode, lock.next, by, JSON.stringify(named), at])
  if (rows.length !== named.length) {
    const known = new Set((await q.query<{ code: string }>('SELECT code FROM categories WHERE street_id = $1', [street])).map((r) => r.code))
    const bad = named.find((i) => !known.has(i.category))
    throw unprocessable('unknown_category', `没有这个问题类别: ${bad?.category} (unknown category)`)
  }
  return lock.next
}
