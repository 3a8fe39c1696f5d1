/**
 * The offline address locator: a 12345 order's address ("新雨路与枫树山路交叉口往北50米", "浦沅社区党群
 * 服务中心门口") parsed against the street's own gazetteer into a point and a confidence. Nothing
 * leaves the server: no online geocoder.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'

const Q = {
  gazetteer: sql(import.meta.url, 'gazetteer.sql'),
  aliases: sql(import.meta.url, 'aliases.sql'),
  crossing: sql(import.meta.url, 'crossing.sql'),
  houseNumber: sql(import.meta.url, 'house-number.sql'),
}

/** Below this confidence an order is not placed by itself but waits in the 待定位 queue. */
export const LOCATE_THRESHOLD = 0.6

export interface Entry {
  kind: 'point' | 'community' | 'road'
  name: string
  lon: number
  lat: number
}

export interface Located {
  lon: number
  lat: number
  confidence: number
  /** what in the address was matched, for the person checking it */
  matched: string
}

const DIRECTIONS: Record<string, number> = { 北: 0, 东北: 45, 东: 90, 东南: 135, 南: 180, 西南: 225, 西: 270, 西北: 315 }
const M_PER_DEG = 111_320

/** Names as operators write them too: 党群服务中心 ↔ 居委会, 二环（新中路） ↔ 二环 / 新中路. */
function aliases(e: Entry): string[] {
  const out = [e.name]
  const paren = /^(.+?)（(.+)）$/.exec(e.name)
  if (paren) out.push(paren[1], paren[2], paren[1] + paren[2])
  const centre = /^(.+社区)党群服务中心$/.exec(e.name)
  if (centre) out.push(`${centre[1]}居委会`, `${centre[1]}服务中心`, `${centre[1]}办公室`)
  if (e.kind === 'community') out.push(e.name.replace(/社区$/, '') + '社区')
  return out
}

/**
 * The places a street's own data names: field points, communities and named roads (a field point named
 * after a road — a 背街小巷 in the ledger — is the road for the locator).
 */
export async function gazetteerEntries(q: Queryable, street: number): Promise<Entry[]> {
  const rows = await q.query<Entry>(Q.gazetteer, [street])
  const roads = new Set(rows.filter((r) => r.kind === 'road').map((r) => r.name))
  return rows.filter((e) => !(e.kind === 'point' && roads.has(e.name)))
}

/** The gazetteer of a street: every name, made-up variant and admin alias with its entry, longest names first. */
export async function loadGazetteer(q: Queryable, street: number) {
  const rows = await gazetteerEntries(q, street)
  const byName = new Map<string, Entry>()
  for (const e of rows) if (!byName.has(e.name)) byName.set(e.name, e)
  const names: { text: string; entry: Entry }[] = []
  // compared with the address as normalise() leaves it: full-width brackets and digits folded (NFKC)
  const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, '')
  for (const e of rows) for (const text of aliases(e)) names.push({ text: fold(text), entry: e })
  for (const a of await q.query<{ alias: string; target: string }>(Q.aliases, [street])) {
    const entry = byName.get(a.target)
    if (entry) names.push({ text: fold(a.alias), entry }) // an alias of a place since removed is skipped
  }
  names.sort((a, b) => b.text.length - a.text.length)
  return { street, names }
}
export type Gazetteer = Awaited<ReturnType<typeof loadGazetteer>>

/** The address with full-width characters folded and the city, district and street names dropped. */
function normalise(address: string): string {
  return address
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(湖南省)?(长沙市)?(雨花区)?/, '')
    .replace(/^[^路街巷]{2,4}街道(办事处)?/, '')
}

/** The names mentioned in the text, longest first and not overlapping, in the order they appear. */
function mentions(text: string, g: Gazetteer) {
  const taken: boolean[] = []
  const found: { at: number; text: string; entry: Entry }[] = []
  for (const n of g.names) {
    let from = 0
    for (;;) {
      const at = text.indexOf(n.text, from)
      if (at < 0) break
      from = at + 1
      if (taken.slice(at, at + n.text.length).some(Boolean)) continue
      for (let k = at; k < at + n.text.length; k += 1) taken[k] = true
      found.push({ at, text: n.text, entry: n.entry })
    }
  }
  return found.sort((a, b) => a.at - b.at)
}

/** Moves a point `metres` towards compass bearing `deg` (a flat-earth step: good to a metre over 100s of metres). */
function offset(lon: number, lat: number, deg: number, metres: number): [number, number] {
  const r = (deg * Math.PI) / 180
  return [lon + (metres * Math.sin(r)) / (M_PER_DEG * Math.cos((lat * Math.PI) / 180)), lat + (metres * Math.cos(r)) / M_PER_DEG]
}

type Mention = ReturnType<typeof mentions>[number]

/** "新雨路88号": a road named in the address followed by a number, placed by the admin's 门牌 ranges. */
async function houseNumber(q: Queryable, g: Gazetteer, text: string, roads: Mention[]): Promise<Located | null> {
  for (const r of roads) {
    const no = /^(\d{1,5})号/.exec(text.slice(r.at + r.text.length))
    if (!no) continue
    const [p] = await q.query<{ lon: number; lat: number }>(Q.houseNumber, [g.street, r.entry.name, Number(no[1])])
    if (p) return { lon: p.lon, lat: p.lat, confidence: 0.85, matched: `${r.entry.name}${no[1]}号` }
  }
  return null
}

/** The address as a point with a confidence in [0, 1], or null when nothing in it is known. */
export async function locate(q: Queryable, g: Gazetteer, address: string): Promise<Located | null> {
  const text = normalise(address)
  if (!text) return null
  const found = mentions(text, g)
  if (!found.length) return null
  const places = found.filter((f) => f.entry.kind === 'point')
  const roadMentions = found.filter((f) => f.entry.kind === 'road')
  const roads = [...new Map(roadMentions.map((f) => [f.entry.name, f])).values()]
  let base: Located | null = null
  if (places.length) {
    const p = places[places.length - 1]
    base = { lon: p.entry.lon, lat: p.entry.lat, confidence: 0.9, matched: p.entry.name }
  }
  if (!base) base = await houseNumber(q, g, text, roadMentions)
  if (!base && roads.length >= 2) {
    const [a, b] = roads
    const [x] = await q.query<{ lon: number; lat: number; gap_m: number }>(Q.crossing, [g.street, a.entry.name, b.entry.name])
    if (x && x.gap_m <= 30) base = { lon: x.lon, lat: x.lat, confidence: 0.85, matched: `${a.entry.name}与${b.entry.name}交叉口` }
  }
  if (!base && roads.length) {
    const r = roads[0]
    base = { lon: r.entry.lon, lat: r.entry.lat, confidence: 0.3, matched: r.entry.name }
  }
  if (!base) {
    const c = found.find((f) => f.entry.kind === 'community')!
    base = { lon: c.entry.lon, lat: c.entry.lat, confidence: 0.35, matched: c.entry.name }
  }
  // "往北50米", "东侧约30米", "向西南100m": move from the matched place
  const step = /(?:往|向|朝)?(东北|东南|西北|西南|东|南|西|北)(?:侧|面|边|方向|方)?约?(\d{1,4})(?:米|m|M)/.exec(text)
  if (step) {
    ;[base.lon, base.lat] = offset(base.lon, base.lat, DIRECTIONS[step[1]], Number(step[2]))
    base.confidence -= Number(step[2]) > 200 ? 0.3 : 0.05
    base.matched += `${step[1]}${step[2]}米`
  }
  if (/对面|斜对面/.test(text)) base.confidence -= 0.1
  else if (/附近|周边|一带/.test(text)) base.confidence -= 0.1
  base.confidence = Math.max(0, Math.min(1, Math.round(base.confidence * 100) / 100))
  return base
}
