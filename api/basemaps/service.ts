/**
 * Intranet tile services (天地图 node, a GIS server's XYZ or WMTS): the URL template an admin
 * registers, checked and turned into the {z}/{x}/{y} template MapLibre asks with.
 */
import { z } from 'zod'

const WMTS_TOKENS = /\{(TileMatrix|TileCol|TileRow)\}/gi
const XYZ = ['{z}', '{x}', '{y}']

/** A basemap's name: 1–40 of a–z, 0–9, _ and -; not `street` (the path of our own layers' tiles). */
export const basemapName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected 1–40 of a–z, 0–9, _ and -, starting with a letter or digit')
  .refine((n) => n !== 'street', 'street is the name of our own layers’ tiles')

/** The JSON body of a service registration. */
export const serviceFields = z
  .object({
    name: basemapName,
    url: z.string().min(10).max(1000),
    /** a key the service wants (天地图's `tk`): put where the template says `{key}` */
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'expected letters, digits, _ or -')
      .optional(),
    kind: z.enum(['raster', 'vector']).default('raster'),
    crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
    attribution: z.string().max(500).default(''),
    minzoom: z.number().int().min(0).max(24).default(0),
    maxzoom: z.number().int().min(0).max(24).default(18),
  })
  .strict()
  .refine((f) => f.minzoom <= f.maxzoom, { message: 'minzoom ≤ maxzoom', path: ['maxzoom'] })

/** What is stored of a service: its format and the URL with the key filled in; or a reason it is refused. */
export function checkService(url: string, key: string | undefined): { format: 'xyz' | 'wmts'; url: string } | { error: string } {
  let filled = url
  if (url.includes('{key}')) {
    if (!key) return { error: 'key: 地址含 {key}，请填写密钥 (the template has {key}: give the key)' }
    filled = url.replaceAll('{key}', key)
  } else if (key) return { error: 'url: 地址中没有 {key}，密钥放在哪里？ (put {key} where the key goes)' }
  const format = /\{(TileMatrix|TileCol|TileRow)\}/i.test(filled) ? 'wmts' : 'xyz'
  const template = toXyz(filled)
  if (!XYZ.every((t) => template.includes(t)))
    return { error: 'url: 须含 {z}、{x}、{y}（或 WMTS 的 {TileMatrix}、{TileCol}、{TileRow}） (tile template tokens missing)' }
  let parsed: URL
  try {
    parsed = new URL(template.replace(/[{}]/g, '_'))
  } catch {
    return { error: 'url: 不是网址 (not a URL)' }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'url: 只支持 http 与 https (http or https only)' }
  if (/[{}]/.test(new URL(template.replace(/\{[zxy]\}/g, '0')).host) || parsed.username || parsed.password)
    return { error: 'url: 主机名中不能有占位符或账号 (no tokens or credentials in the host)' }
  return { format, url: filled }
}

/** The template MapLibre asks with: WMTS's RESTful tokens (GoogleMapsCompatible matrix set) as {z}/{x}/{y}. */
export function toXyz(url: string): string {
  return url.replace(WMTS_TOKENS, (_, t: string) => ({ tilematrix: '{z}', tilecol: '{x}', tilerow: '{y}' })[t.toLowerCase()]!)
}

/** The origin (scheme://host:port) of a stored service URL, as a CSP source. */
export function originOf(url: string): string | null {
  try {
    return new URL(toXyz(url).replace(/\{[zxy]\}/g, '0')).origin
  } catch {
    return null
  }
}
