/** Reads a feature's .sql file once, at module load, beside the module that uses it. */
import { readFileSync } from 'node:fs'

/** The text of `name` in the folder of `moduleUrl` (pass import.meta.url). */
export function sql(moduleUrl: string, name: string): string {
  return readFileSync(new URL(name, moduleUrl), 'utf8')
}

/** A statement whose inputs are named (`:street`, `:from`) instead of numbered, bound from one object. */
export interface NamedSql {
  /** The statement with each name replaced by its `$n`, ready for Queryable.query. */
  readonly text: string
  /** The names in `$n` order. */
  readonly names: readonly string[]
  /** The bound parameters, in `$n` order, read by name from `fields`; a missing field is a bug, so it throws. */
  params(fields: object): unknown[]
}

// A name is `:` + lower-case identifier, not part of a `::type` cast; `--` comments are left as they are.
const NAME = /(?<![:\w]):([a-z_][a-z0-9_]*)/g

/** Rewrites a statement's named inputs into numbered ones (exported for its test). */
export function toNamed(text: string): NamedSql {
  const names: string[] = []
  const body = text
    .split('\n')
    .map((line) => {
      const cut = line.indexOf('--')
      const code = cut < 0 ? line : line.slice(0, cut)
      const rest = cut < 0 ? '' : line.slice(cut)
      return (
        code.replace(NAME, (_, name: string) => {
          if (!names.includes(name)) names.push(name)
          return `$${names.indexOf(name) + 1}`
        }) + rest
      )
    })
    .join('\n')
  return {
    text: body,
    names,
    params(fields) {
      const byName = fields as Record<string, unknown>
      return names.map((n) => {
        if (byName[n] === undefined) throw new Error(`SQL input :${n} not given`)
        return byName[n]
      })
    },
  }
}

/** The `.sql` file `name` beside `moduleUrl`, read once, with named inputs (see NamedSql). */
export function namedSql(moduleUrl: string, name: string): NamedSql {
  return toNamed(sql(moduleUrl, name))
}
