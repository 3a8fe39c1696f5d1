/** The street's category names in their order, for the by-category breakdown and the campaign page. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { atVersion } from '../cache/memo.ts'

const CATEGORIES = sql(import.meta.url, 'categories.sql')

/** Kept per shape version (api/cache/memo.ts): a report does not change them. */
export const categoryNames = (q: Queryable, street: number) =>
  atVersion(q, `stats/categories ${street}`, () => q.query<{ code: string; name: string }>(CATEGORIES, [street]))
