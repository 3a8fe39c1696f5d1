/** Referential checks of admin changes: an unknown group, grid, category or community is a 422. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { unprocessable } from '../errors.ts'

const Q = { refs: sql(import.meta.url, 'refs.sql') }

export interface Refs {
  grids?: string[]
  group?: string | null
  category?: string
  community?: string
}

type Missing = { grids: string[]; group_missing: boolean; category_missing: boolean; community_missing: boolean }

/** Throws 422 naming the first reference that is not one of the street's. */
export async function checkRefs(q: Queryable, street: number, r: Refs): Promise<void> {
  const [m] = await q.query<Missing>(Q.refs, [street, r.grids ?? null, r.group ?? null, r.category ?? null, r.community ?? null])
  if (m.grids.length) throw unprocessable('unknown_grid', `没有这个网格: ${m.grids.join(', ')} (unknown grid)`)
  if (m.group_missing) throw unprocessable('unknown_group', `没有这个整治组: ${r.group} (unknown group)`)
  if (m.category_missing) throw unprocessable('unknown_category', `没有这个问题类别: ${r.category} (unknown category)`)
  if (m.community_missing) throw unprocessable('unknown_community', `没有这个社区: ${r.community} (unknown community)`)
}
