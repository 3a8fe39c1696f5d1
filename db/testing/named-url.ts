/** A database URL with an application_name, so a test or benchmark finds (and may end) only its own backends in pg_stat_activity. */
export function namedUrl(url: string, name: string): string {
  const u = new URL(url)
  u.searchParams.set('application_name', name)
  return u.toString()
}
