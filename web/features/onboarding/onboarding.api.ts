/**
 * POST /admin/streets/import from the wizard: the same form as a dry run (report and preview layers)
 * or for real (the street written, or 422 with the report). Types come from the server's report.
 */
import type { Fix } from '../../../api/onboarding/attributes.ts'
import type { Problem, StreetReport } from '../../../api/onboarding/report.ts'
import { MAX_STREET_UPLOAD_BYTES } from '../../../api/onboarding/limits.ts'

export type { Fix, Problem, StreetReport }
export type Layer = 'boundary' | 'communities' | 'grids' | 'points'
/** The street's own basemap, optional: roads, buildings, water, named places. */
export type BasemapLayer = 'roads' | 'buildings' | 'water' | 'places'

/** The upload limit the server applies, shown beside the file inputs. */
export const MAX_MB = MAX_STREET_UPLOAD_BYTES / 1024 / 1024

export interface StreetForm {
  street_code: string
  name: string
  crs: string
  repair: boolean
  files: Partial<Record<Layer | BasemapLayer, File>>
  fixes: Fix[]
}

export type Outcome = { status: number; report: StreetReport | null; message: string }

/** Sends the form; a report (200, 201 or 422) or the server's error message. */
export async function sendStreet(f: StreetForm, dryRun: boolean): Promise<Outcome> {
  const form = new FormData()
  form.append('street_code', f.street_code)
  form.append('name', f.name)
  if (f.crs) form.append('crs', f.crs)
  if (f.repair) form.append('repair', '1')
  if (f.fixes.length) form.append('fixes', JSON.stringify(f.fixes))
  for (const [layer, file] of Object.entries(f.files)) if (file) form.append(layer, file, file.name)
  try {
    const res = await fetch(`/api/v1/admin/streets/import${dryRun ? '?dry_run=1' : ''}`, { method: 'POST', body: form, credentials: 'same-origin' })
    const body = (await res.json().catch(() => null)) as (StreetReport & { error?: { message?: string } }) | null
    const isReport = !!body && Array.isArray(body.errors)
    return { status: res.status, report: isReport ? body : null, message: body?.error?.message ?? `HTTP ${res.status}` }
  } catch {
    return { status: 0, report: null, message: '网络错误 (network error)' }
  }
}
