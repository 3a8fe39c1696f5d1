/** Basemaps in the database and their archives on disk (DATA_DIR/basemaps), opened once and kept. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Database } from 'sql.js'
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { openMbtiles, type TileType, type VectorLayer } from './mbtiles.ts'

const Q = { list: sql(import.meta.url, 'list.sql'), get: sql(import.meta.url, 'get.sql'), insert: namedSql(import.meta.url, 'insert.sql') }

/** A basemap as GET /basemaps lists it. */
export interface Basemap {
  name: string
  kind: 'vector' | 'raster'
  format: 'mbtiles' | 'pmtiles' | 'xyz' | 'wmts' | 'builtin'
  tile_type: TileType
  crs: 'wgs84' | 'gcj02'
  minzoom: number
  maxzoom: number
  bounds: number[] | null
  attribution: string
  /** a vector archive's layers (id, geometry type where known); [] for raster */
  vector_layers: VectorLayer[]
  /** where the tiles are, same origin */
  tiles: string
}

type Row = Omit<Basemap, 'tiles'> & { file: string | null }

const toBasemap = ({ file: _file, ...r }: Row): Basemap => ({ ...r, tiles: `/api/v1/tiles/${r.name}/{z}/{x}/{y}` })

/** The street's basemaps, oldest first. */
export async function listBasemaps(db: Queryable, street: number): Promise<Basemap[]> {
  return (await db.query<Row>(Q.list, [street])).map(toBasemap)
}

/** One basemap's row (with its file), or undefined. */
export async function basemapRow(db: Queryable, street: number, name: string): Promise<Row | undefined> {
  return (await db.query<Row>(Q.get, [street, name]))[0]
}

/** Writes the archive under dataDir and registers it; false (and nothing kept) when the name is taken. */
export async function storeArchive(
  db: Queryable,
  dataDir: string,
  row: Omit<Row, 'file'> & { street: number; created_by: string; created_at: Date },
  bytes: Uint8Array,
): Promise<boolean> {
  const file = join('basemaps', `${row.street}-${row.name}.${row.format}`)
  const path = join(dataDir, file)
  await mkdir(join(dataDir, 'basemaps'), { recursive: true })
  await writeFile(`${path}.part`, bytes)
  try {
    const made = await db.query(Q.insert.text, Q.insert.params({ ...row, vector_layers: JSON.stringify(row.vector_layers), file }))
    if (made.length === 0) return false
    await rename(`${path}.part`, path)
    return true
  } finally {
    await rm(`${path}.part`, { force: true })
  }
}

const open = new Map<string, Promise<Database>>()

/** The opened archive at dataDir/file (read from disk the first time). */
export function archive(dataDir: string, file: string): Promise<Database> {
  const path = join(dataDir, file)
  let db = open.get(path)
  if (!db) {
    db = readFile(path).then((b) => openMbtiles(new Uint8Array(b)))
    db.catch(() => open.delete(path))
    open.set(path, db)
  }
  return db
}
