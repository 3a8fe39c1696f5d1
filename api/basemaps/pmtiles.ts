/**
 * PMTiles v3 archives (`pmtiles`): checked from the uploaded bytes, then served from the file on
 * disk by range reads (only the header, directories and asked-for tiles are read; nothing is held
 * whole in memory, unlike an MBTiles archive in sql.js).
 */
import { open, type FileHandle } from 'node:fs/promises'
import { Compression, PMTiles, TileType as PmType, type Source } from 'pmtiles'
import { unprocessable } from '../errors.ts'
import { vectorLayersOf, type ArchiveInfo, type TileType } from './mbtiles.ts'

const MAGIC = 'PMTiles'
const invalid = (why: string) => unprocessable('invalid_tileset', `不是可用的瓦片包：${why} (not a tile archive)`)
const TYPES: Partial<Record<PmType, TileType>> = { [PmType.Mvt]: 'pbf', [PmType.Png]: 'png', [PmType.Jpeg]: 'jpg', [PmType.Webp]: 'webp' }

/** Whether the bytes start like a PMTiles v3 archive. */
export function isPmtiles(b: Uint8Array): boolean {
  return new TextDecoder().decode(b.subarray(0, 7)) === MAGIC
}

const memory = (bytes: Uint8Array): Source => ({
  getKey: () => 'upload',
  getBytes: async (offset, length) => ({ data: bytes.slice(offset, offset + length).buffer }),
})

/** Checks an uploaded archive (v3, a known tile type, tiles in it, zooms ≤ 24) and reads its header and metadata. */
export async function describePmtiles(bytes: Uint8Array): Promise<ArchiveInfo> {
  if (!isPmtiles(bytes)) throw invalid('文件不是 PMTiles')
  if (bytes[7] !== 3) throw invalid(`只支持 PMTiles 第 3 版 (version ${bytes[7]})`)
  if (bytes.length < 127) throw invalid('文件头不完整')
  const archive = new PMTiles(memory(bytes))
  let header
  try {
    header = await archive.getHeader()
  } catch {
    throw invalid('文件头无法读取')
  }
  const tileType = TYPES[header.tileType]
  if (!tileType) throw invalid('无法识别的瓦片格式')
  if (header.tileCompression !== Compression.None && header.tileCompression !== Compression.Gzip)
    throw invalid('瓦片须不压缩或 gzip 压缩 (tile compression must be none or gzip)')
  if (header.numAddressedTiles === 0) throw invalid('没有瓦片')
  if (header.maxZoom > 24 || header.minZoom > header.maxZoom) throw invalid('缩放级别须在 0–24 之间')
  let meta: Record<string, unknown>
  try {
    meta = ((await archive.getMetadata()) ?? {}) as Record<string, unknown>
  } catch {
    throw invalid('元数据无法读取')
  }
  const bounds = [header.minLon, header.minLat, header.maxLon, header.maxLat]
  return {
    kind: tileType === 'pbf' ? 'vector' : 'raster',
    tileType,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    bounds: bounds.every(Number.isFinite) ? (bounds as [number, number, number, number]) : null,
    attribution: typeof meta.attribution === 'string' ? meta.attribution.slice(0, 500) : '',
    vectorLayers: tileType === 'pbf' ? vectorLayersOf(JSON.stringify(meta)) : [],
  }
}

/** A file on disk read by ranges. */
class FileSource implements Source {
  private handle: Promise<FileHandle>
  constructor(private path: string) {
    this.handle = open(path, 'r')
  }
  getKey() {
    return this.path
  }
  async getBytes(offset: number, length: number) {
    const buf = Buffer.alloc(length)
    const { bytesRead } = await (await this.handle).read(buf, 0, length, offset)
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer }
  }
  async close() {
    await (await this.handle).close()
  }
}

const opened = new Map<string, { archive: PMTiles; source: FileSource }>()

/** Tile z/x/y of the archive at `path`, or null where it has none; `pmtiles` returns gzipped tiles already inflated. */
export async function readPmtile(path: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
  let a = opened.get(path)
  if (!a) {
    const source = new FileSource(path)
    a = { archive: new PMTiles(source), source }
    opened.set(path, a)
  }
  const header = await a.archive.getHeader()
  if (z < header.minZoom || z > header.maxZoom) return null
  const tile = await a.archive.getZxy(z, x, y)
  if (!tile) return null
  return new Uint8Array(tile.data)
}

/** Forgets (and closes) an opened archive, before its file is removed. */
export function closePmtiles(path: string): void {
  const a = opened.get(path)
  opened.delete(path)
  void a?.source.close().catch(() => {})
}
