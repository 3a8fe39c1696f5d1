/** Reading MBTiles archives with sql.js (SQLite in WASM: no native build, runs wherever Node does). */
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js'
import { unprocessable } from '../errors.ts'

export type TileType = 'png' | 'jpg' | 'webp' | 'pbf'

/** What the archive says about itself (its metadata table, checked against its tiles). */
export interface ArchiveInfo {
  kind: 'vector' | 'raster'
  tileType: TileType
  minzoom: number
  maxzoom: number
  bounds: [number, number, number, number] | null
  attribution: string
  /** a vector archive's layers: id, and the geometry type where its tilestats say it */
  vectorLayers: VectorLayer[]
}

/** One layer of a vector archive, for the web app's generic style. */
export interface VectorLayer {
  id: string
  geometry?: 'Point' | 'LineString' | 'Polygon'
}

/** The layers named by the metadata `json` (MBTiles 1.3: vector_layers, tilestats), or none. */
export function vectorLayersOf(json: string | undefined): VectorLayer[] {
  let doc: { vector_layers?: { id?: unknown }[]; tilestats?: { layers?: { layer?: unknown; geometry?: unknown }[] } }
  try {
    doc = JSON.parse(json ?? '{}') as typeof doc
  } catch {
    return []
  }
  const geometry = new Map((doc.tilestats?.layers ?? []).map((l) => [String(l.layer), String(l.geometry ?? '')]))
  return (doc.vector_layers ?? [])
    .filter((l) => typeof l.id === 'string' && l.id.length > 0 && l.id.length <= 100)
    .slice(0, 100)
    .map((l) => {
      const g = (geometry.get(String(l.id)) ?? '').replace(/^Multi/, '')
      return g === 'Point' || g === 'LineString' || g === 'Polygon' ? { id: String(l.id), geometry: g } : { id: String(l.id) }
    })
}

let engine: Promise<SqlJsStatic> | undefined
const sqlJs = () => (engine ??= initSqlJs())

const SQLITE_MAGIC = 'SQLite format 3\0'
const invalid = (why: string) => unprocessable('invalid_tileset', `不是可用的瓦片包：${why} (not a tile archive)`)

/** The image (or MVT) type of a tile from its first bytes; gzip is how MBTiles stores MVT. */
export function sniff(b: Uint8Array): TileType | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpg'
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57) return 'webp'
  if (b[0] === 0x1f && b[1] === 0x8b) return 'pbf'
  return null
}

/** Opens an archive's bytes, or a 422 `invalid_tileset` when they are not SQLite. */
export async function openMbtiles(bytes: Uint8Array): Promise<Database> {
  if (new TextDecoder().decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC) throw invalid('文件既不是 SQLite (MBTiles) 也不是 PMTiles')
  return new (await sqlJs()).Database(bytes)
}

/** Checks an opened archive (a `tiles` table with tiles, a known tile type) and reads its metadata. */
export function describeMbtiles(db: Database): ArchiveInfo {
  const tables = db.exec("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('tiles', 'metadata')")
  const names = new Set((tables[0]?.values ?? []).map((r) => String(r[0])))
  if (!names.has('tiles')) throw invalid('没有 tiles 表')
  let range
  try {
    range = db.exec('SELECT min(zoom_level), max(zoom_level), (SELECT tile_data FROM tiles LIMIT 1) FROM tiles')[0]?.values[0]
  } catch {
    throw invalid('tiles 表缺少 zoom_level、tile_column、tile_row 或 tile_data 列')
  }
  if (!range || range[0] === null) throw invalid('tiles 表为空')
  if (Number(range[0]) < 0 || Number(range[1]) > 24) throw invalid('缩放级别须在 0–24 之间 (zoom levels 0–24)')
  const meta = new Map<string, string>()
  if (names.has('metadata')) for (const [k, v] of db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) meta.set(String(k), String(v))
  const first = range[2] instanceof Uint8Array ? range[2] : new Uint8Array(0)
  const tileType = sniff(first)
  if (!tileType) throw invalid('无法识别的瓦片格式')
  const b = (meta.get('bounds') ?? '').split(',').map(Number)
  const bounds = b.length === 4 && b.every(Number.isFinite) ? (b as [number, number, number, number]) : null
  return {
    kind: tileType === 'pbf' ? 'vector' : 'raster',
    tileType,
    minzoom: Number(range[0]),
    maxzoom: Number(range[1]),
    bounds,
    attribution: meta.get('attribution') ?? '',
    vectorLayers: tileType === 'pbf' ? vectorLayersOf(meta.get('json')) : [],
  }
}

/** Tile z/x/y (XYZ scheme) of an opened archive, or null; MBTiles rows count from the south (TMS). */
export function readTile(db: Database, z: number, x: number, y: number): Uint8Array | null {
  const st = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?')
  try {
    st.bind([z, x, 2 ** z - 1 - y])
    return st.step() ? (st.get()[0] as Uint8Array) : null
  } finally {
    st.free()
  }
}
