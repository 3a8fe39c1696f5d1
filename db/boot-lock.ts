/**
 * One start-up at a time per server database. Several API processes behind a load balancer (or a
 * restart of all of them at once) start together; on an empty database each would apply the same
 * migrations, seed the street and create its admin, and all but one would fail half-way. The
 * preparation (migrate, seed, accounts) runs under a session advisory lock held on a connection of
 * its own, so the second process waits, then finds everything done and does nothing. The embedded
 * database needs none: one process holds its data directory.
 */
import pg from 'pg'

/** The lock's key, `hashtext('civic-grid:boot')` spelt out so no other lock in the product takes it by chance. */
const BOOT_LOCK = "hashtext('civic-grid:boot')"

export async function underBootLock<T>(databaseUrl: string | undefined, prepare: () => Promise<T>): Promise<T> {
  if (!databaseUrl) return prepare()
  const holder = new pg.Client({ connectionString: databaseUrl, application_name: 'civic-grid boot lock' })
  // a lost lock connection ends the lock, not the process: the preparation then fails on its own or completes
  holder.on('error', () => {})
  await holder.connect()
  try {
    await holder.query(`SELECT pg_advisory_lock(${BOOT_LOCK})`)
    return await prepare()
  } finally {
    await holder.end().catch(() => {}) // closing the session releases its lock
  }
}
