/** The one-row answer every analysis query gives, and the failure its absence means. */

/**
 * A query that always answers exactly one row answered none: the engine failed without raising an
 * error (PGlite drops an error GEOS raised and returns an empty result, in or out of a transaction).
 * SQLSTATE XX000, the class of the engine's internal errors, so it is handled like one of them.
 */
export class SilentFailure extends Error {
  readonly code = 'XX000'
  constructor(part: string) {
    super(`${part}: the database answered no row where one is certain; the engine dropped an error`)
  }
}

/**
 * The only row of a query written to answer exactly one (a count, an aggregate into JSON): an
 * empty answer is an internal failure, never a zero.
 */
export function single<T>(rows: T[], part: string): T {
  if (rows.length !== 1) throw new SilentFailure(part)
  return rows[0]
}

/** The rows of a query written to answer them as one JSON array `rows` in exactly one row. */
export function rowsOf<T>(answer: unknown[], part: string): T[] {
  return single(answer as { rows: T[] }[], part).rows
}
