/** Basemaps in the database and their archives on disk (DATA_DIR/basemaps), opened once and kept. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Database } from 'sql.js'
import type { Queryable } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { openMbtiles, type TileType, type VectorLayer } from './mbtiles.ts'
import { toXyz } from './service.ts'
import { closePmtiles } from './pmtiles.ts'

const Q = {
  list: sql(import.meta.url, 'list.sql'),
  get: sql(import.meta.url, 'get.sql'),
  insert: namedSql(import.meta.url, 'insert.sql'),
  delete: sql(import.meta.url, 'delete.sql'),
}

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
  /** where the tiles are: same origin for an archive, the intranet service's {z}/{x}/{y} template for a service */
  tiles: string
}

type Row = Omit<Basemap, 'tiles'> & { file: string | null; url: string | null }

/** A row as the API shows it. */
export const toBasemap = ({ file: _file, url, ...r }: Row): Basemap => ({ ...r, tiles: url ? toXyz(url) : `/api/v1/tiles/${r.name}/{z}/{x}/{y}` })

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
  row: Omit<Row, 'file' | 'url'> & { street: number; created_by: string; created_at: Date },
  bytes: Uint8Array,
): Promise<boolean> {
  const file = join('basemaps', `${row.street}-${row.name}.${row.format}`)
  const path = join(dataDir, file)
  await mkdir(join(dataDir, 'basemaps'), { recursive: true })
  await writeFile(`${path}.part`, bytes)
  try {
    const made = await db.query(Q.insert.text, Q.insert.params({ ...row, vector_layers: JSON.stringify(row.vector_layers), file, url: null }))
    if (made.length === 0) return false
    await rename(`${path}.part`, path)
    return true
  } finally {
    await rm(`${path}.part`, { force: true })
  }
}

/** Registers an intranet service (no file); false when the name is taken. */
export async function storeService(
  db: Queryable,
  row: Omit<Row, 'file'> & { street: number; created_by: string; created_at: Date },
): Promise<boolean> {
  const made = await db.query(Q.insert.text, Q.insert.params({ ...row, vector_layers: JSON.stringify(row.vector_layers), file: null }))
  return made.length > 0
}

/** Removes a basemap and its archive file; false when there was none of that name. */
export async function removeBasemap(db: Queryable, dataDir: string, street: number, name: string): Promise<boolean> {
  const gone = await db.query<{ file: string | null }>(Q.delete, [street, name])
  if (gone.length === 0) return false
  const file = gone[0].file
  if (file) {
    const path = join(dataDir, file)
    closePmtiles(path)
    const opened = open.get(path)
    open.delete(path)
    opened?.then((d) => d.close()).catch(() => {})
    await rm(path, { force: true })
  }
  return true
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
