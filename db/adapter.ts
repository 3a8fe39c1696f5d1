/** The one database interface the whole product uses; PGlite and a pg Pool sit behind it. */
export type Row = Record<string, unknown>

/** Something that runs SQL with bound parameters: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with bound parameters and returns its rows. */
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>
}

export type Engine = 'pglite' | 'postgres'

export interface Db extends Queryable {
  readonly engine: Engine
  /** Runs fn in one transaction: all of it commits, or none of it does. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Postgres type OIDs whose text form we parse ourselves so both engines return the same JS values. */
export const TYPE_OIDS = { int8: 20, numeric: 1700 } as const

/** int8 values stay below 2^53 here (ids, counts), so a JS number is exact. */
export const parseInt8 = (v: string): number => Number(v)
