/**
 * Statements PGlite keeps planned. PGlite's own `query` parses, describes and plans every statement
 * afresh (an unnamed statement each time), and planning cost more than running: an issue's row
 * 1.5 ms against 0.35 ms prepared, the duplicate search 1.2 against 0.25 (docs/performance.md). So
 * the engine's thread names each statement text the first time it runs and then only binds and
 * executes it; PostgreSQL replans it by itself when a table or function it uses changes.
 */
import type { PGlite } from '@electric-sql/pglite'
import { parse, protocol } from '@electric-sql/pglite'

const { serialize } = protocol

/** Statement texts kept prepared; the least recently used beyond it is closed. Our SQL files number a few hundred. */
export const KEPT_STATEMENTS = 500

/** The error PostgreSQL gives when a prepared statement's result columns changed under it (a table altered). */
const RESULT_CHANGED = /cached plan must not change result type/

type Statement = { name: string; types: number[] }

export class Prepared {
  private readonly kept = new Map<string, Statement>()
  private named = 0

  constructor(private readonly pg: PGlite) {}

  /**
   * Runs one statement with bound parameters and returns its rows, as `pg.query` would. `withValues`:
   * parsed afresh as the unnamed statement, which PostgreSQL plans for the values bound to it.
   */
  query(text: string, params: unknown[], inTransaction: boolean, withValues = false): Promise<unknown[]> {
    return this.pg.runExclusive(async () => {
      // An unnamed statement is parsed just before it runs: only a kept one can find its table changed.
      const rows = withValues ? await this.run(await this.unnamed(text), params) : await this.runKept(text, params, inTransaction)
      // As PGlite's query does: the file system is synced after each statement outside a transaction.
      if (!inTransaction) await this.pg.syncToFs()
      return rows
    })
  }

  /** Runs a kept statement, prepared again once if its result type changed under it (a table altered). */
  private async runKept(text: string, params: unknown[], inTransaction: boolean): Promise<unknown[]> {
    try {
      return await this.run(await this.statement(text), params)
    } catch (err) {
      if (!RESULT_CHANGED.test(String((err as Error).message))) throw err
      await this.forget(text)
      // In a transaction the error has aborted it: the caller sees it, and the next try is prepared afresh.
      if (inTransaction) throw err
      return this.run(await this.statement(text), params)
    }
  }

  private send(message: Uint8Array) {
    return this.pg.execProtocolStream(message, { syncToFs: false })
  }

  /** Sends `messages` and then Sync, which ends the extended query whether it failed or not. */
  private async synced(messages: Uint8Array[]) {
    const answers = []
    try {
      for (const m of messages) answers.push(...(await this.send(m)))
    } finally {
      answers.push(...(await this.send(serialize.sync())))
    }
    return answers
  }

  private async statement(text: string): Promise<Statement> {
    const found = this.kept.get(text)
    if (found) {
      // Most recently used last, so the first key is the one to close.
      this.kept.delete(text)
      this.kept.set(text, found)
      return found
    }
    const name = `cgm_${++this.named}`
    const described = await this.synced([serialize.parse({ name, text }), serialize.describe({ type: 'S', name })])
    const made = { name, types: parse.parseDescribeStatementResults(described) }
    this.kept.set(text, made)
    if (this.kept.size > KEPT_STATEMENTS) await this.forget(this.kept.keys().next().value!)
    return made
  }

  private async unnamed(text: string): Promise<Statement> {
    const described = await this.synced([serialize.parse({ text }), serialize.describe({ type: 'S' })])
    return { name: '', types: parse.parseDescribeStatementResults(described) }
  }

  private async forget(text: string): Promise<void> {
    const s = this.kept.get(text)
    if (!s) return
    this.kept.delete(text)
    await this.synced([serialize.close({ type: 'S', name: s.name })])
  }

  private async run({ name, types }: Statement, params: unknown[]): Promise<unknown[]> {
    const { serializers, parsers } = this.pg
    // As PGlite's query serialises parameters: by the type the statement gives each one.
    const values = params.map((v, k) => (v === null || v === undefined ? null : serializers[types[k]] ? serializers[types[k]](v) : String(v)))
    const answers = await this.synced([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({})])
    return parse.parseResults(answers, parsers)[0]?.rows ?? []
  }
}
