/** The admin's calls for basemaps: upload an archive, register an intranet service, remove one. */
import { fetchJson } from '../../api/client.ts'
import { forgetRegisteredBasemaps } from './basemaps.api.ts'
import type { RegisteredBasemap } from './style.ts'

const PATH = '/api/v1/admin/basemaps'

export type Crs = 'wgs84' | 'gcj02'
export type NewService = { name: string; url: string; key?: string; kind: 'raster' | 'vector'; crs: Crs; attribution: string }

/** Uploads an .mbtiles archive. */
export async function uploadArchive(file: File, name: string, crs: Crs, attribution: string): Promise<RegisteredBasemap> {
  const form = new FormData()
  form.append('file', file)
  form.append('name', name)
  form.append('crs', crs)
  if (attribution) form.append('attribution', attribution)
  forgetRegisteredBasemaps()
  return fetchJson<RegisteredBasemap>(fetch(PATH, { method: 'POST', body: form }))
}

/** Registers an intranet XYZ/WMTS service by its URL template. */
export async function registerService(s: NewService): Promise<RegisteredBasemap> {
  const body = { ...s, key: s.key || undefined }
  forgetRegisteredBasemaps()
  return fetchJson<RegisteredBasemap>(fetch(PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
}

/** Removes a basemap (an archive's file too). */
export async function removeBasemap(name: string): Promise<void> {
  forgetRegisteredBasemaps()
  const res = await fetch(`${PATH}/${encodeURIComponent(name)}`, { method: 'DELETE' })
  if (res.status !== 204) await fetchJson(Promise.resolve(res))
}
