/**
 * The seeded test database of this worker's engine (TEST_ENGINE), opened once per worker: on PGlite a
 * private copy of the template; on PostgreSQL the one server database of the run, which its test
 * files take one at a time (vitest.config.ts) but share with the servers tests start, whose
 * escalation timers write on the real clock: a test must not assume it is alone there.
 */
import type { Db } from '../adapter.ts'
import { openPglite } from '../pglite.ts'
import { openPostgres } from '../postgres.ts'
import { copyTemplate } from './global-setup.ts'

let shared: Promise<Db> | undefined

async function open(): Promise<Db> {
  if (process.env.TEST_ENGINE === 'postgres') {
    const url = process.env.CGM_PG_URL
    if (!url) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL')
    return openPostgres(url)
  }
  const template = process.env.CGM_PGLITE_TEMPLATE
  if (!template) throw new Error('the PGlite template was not prepared (run through vitest)')
  return openPglite(await copyTemplate(template))
}

/** The worker's database; test files share it, so tests create what they change and look it up by id. */
export function testDb(): Promise<Db> {
  shared ??= open()
  return shared
}
