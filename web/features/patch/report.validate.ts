/** The report form's checks, done before the POST so a manager on a slow connection hears at once what is missing. */
export const DESCRIPTION_MIN = 5
export const DESCRIPTION_MAX = 500

export type ReportDraft = { lon: number | null; lat: number | null; category: string; description: string }
/** i18n key (under patch.err) and its parameters, one per field at most. */
export type FieldErrors = Partial<Record<'location' | 'category' | 'description', { key: string; params?: Record<string, number> }>>

/** Returns the problems of a draft keyed by field; empty when it may be sent. */
export function validateReport(d: ReportDraft): FieldErrors {
  const e: FieldErrors = {}
  if (d.lon === null || d.lat === null) e.location = { key: 'patch.err.location' }
  if (!d.category) e.category = { key: 'patch.err.category' }
  const len = [...d.description.trim()].length
  if (len < DESCRIPTION_MIN) e.description = { key: 'patch.err.descriptionShort', params: { min: DESCRIPTION_MIN } }
  else if (len > DESCRIPTION_MAX) e.description = { key: 'patch.err.descriptionLong', params: { max: DESCRIPTION_MAX } }
  return e
}
