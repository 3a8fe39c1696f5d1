/** Backup and restore on a PostgreSQL server with Debian's pg_dump / pg_restore (custom format). */
import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Dumps the database at `url` to `file`; returns its size in bytes. */
export async function backupServer(url: string, file: string): Promise<number> {
  await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${url}`])
  return (await stat(file)).size
}

/**
 * Restores `file` into the (empty) database at `url` in one transaction: if anything fails,
 * nothing is restored. Restoring over existing tables is refused by pg_restore's own errors.
 */
export async function restoreServer(file: string, url: string): Promise<void> {
  await run('pg_restore', ['--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file])
}
