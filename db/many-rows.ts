/**
 * A statement that answers many rows, sent as one JSON value on the embedded engine. PGlite hands
 * every row of an answer through its wire protocol in JavaScript: the 630 rows of the seeded 东塘's
 * per-grid counts took 6.0 ms to read against 1.7 ms to compute, and 3.6 ms as one json_agg value.
 * On a server the rows are the cheaper way (2.3 against 2.8 ms), so there they travel as rows
 * (docs/performance.md, "Many rows from PGlite as one JSON value").
 *
 * Only for answers whose columns JSON keeps as they are (text, integers, booleans: not timestamps,
 * which would come back as text, nor int8 beyond 2⁵³) and whose order does not matter.
 */
import type { Db, Queryable } from './adapter.ts'

const wrapped = new Map<string, string>()

/** `text` as one row holding its rows as a JSON array (kept per text: the same few statements run over and over). */
function asJson(text: string): string {
  let w = wrapped.get(text)
  if (w === undefined) {
    w = `SELECT coalesce(json_agg(many_rows), '[]'::json) AS rows FROM (${text}\n) many_rows`
    if (wrapped.size < 100) wrapped.set(text, w)
  }
  return w
}

/** The rows of `text`: on PGlite read as one JSON value, elsewhere as rows. */
export async function manyRows<T>(q: Queryable, text: string, params: unknown[]): Promise<T[]> {
  if ((q as Partial<Db>).engine !== 'pglite') return q.query<T>(text, params)
  const [one] = await q.query<{ rows: T[] }>(asJson(text), params)
  return one.rows
}
