/**
 * Shapefile field names: a .dbf field name holds at most 10 characters, so the longer names of our
 * layers are shortened by this one table (docs/api.md shows it). GeoPackage keeps the full names.
 */
export const SHP_FIELDS: Record<string, string> = {
  community_code: 'comm_code',
  category_name: 'cat_name',
  reported_at: 'reported',
  description: 'descr',
  rework_count: 'rework',
  reminded_at: 'reminded',
  escalated_at: 'escalated',
}

/** A feature's properties under their Shapefile names; every name is checked to fit. */
export function shpProperties(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => {
      const name = SHP_FIELDS[k] ?? k
      if (name.length > 10) throw new Error(`Shapefile field name too long: ${name} (add it to SHP_FIELDS)`)
      return [name, v]
    }),
  )
}
