/** Reads a feature's .sql file once, at module load, beside the module that uses it. */
import { readFileSync } from 'node:fs'

/** The text of `name` in the folder of `moduleUrl` (pass import.meta.url). */
export function sql(moduleUrl: string, name: string): string {
  return readFileSync(new URL(name, moduleUrl), 'utf8')
}
