/**
 * A statement that answers many rows, sent as one JSON value on the embedded engine. PGlite hands
 * every row of an answer through its wire protocol in JavaScript: the 630 rows of the seeded 东塘's
 * per-grid counts took 6.0 ms to read against 1.7 ms to compute, and 3.6 ms as one json_agg value.
 * On a server the rows are the cheaper way (2.3 against 2.8 ms), so there they travel as rows
 * (docs/performance.md, "PGlite under the mixed load …").
 *
 * Only for answers whose columns JSON keeps as they are (text, integers, booleans: not timestamps,
 * which would come back as text, nor int8 beyond 2⁵³) and whose order does not matter.
 */
import type { Db, Planning, Queryable } from './adapter.ts'
import { rowsOf } from './single.ts'

/**
 * `text` as one row whose column `rows` holds its rows as one JSON array (an empty array for none):
 * the wrapper always answers one row, so none is the engine's silent failure, never an empty answer.
 */
export const asJsonRows = (text: string) => `SELECT coalesce(json_agg(many_rows), '[]'::json) AS rows FROM (${text}\n) many_rows`

/** The rows of `text`: on PGlite read as one JSON value, elsewhere as rows. */
export async function manyRows<T>(q: Queryable, text: string, params: unknown[], part = 'many rows', planning?: Planning): Promise<T[]> {
  if ((q as Partial<Db>).engine !== 'pglite') return q.query<T>(text, params, planning)
  return rowsOf<T>(await q.query(asJsonRows(text), params, planning), part)
}
