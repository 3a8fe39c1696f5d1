/** A fingerprint of every table (row count and a hash of all rows), to prove a round trip lossless. */
import type { Queryable } from '../adapter.ts'

/** Table name → "rows:md5" over the rows in a canonical order. */
export async function tableDigests(q: Queryable): Promise<Record<string, string>> {
  const tables = await q.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY 1",
  )
  const out: Record<string, string> = {}
  for (const { t } of tables) {
    // Table names come from the catalogue, not from input; quote_ident guards odd names anyway.
    const [r] = await q.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(x, E'\\n' ORDER BY x)) AS h
       FROM (SELECT t::text AS x FROM ${'"' + t.replace(/"/g, '""') + '"'} t) s`,
    )
    out[t] = `${r.n}:${r.h ?? ''}`
  }
  return out
}
