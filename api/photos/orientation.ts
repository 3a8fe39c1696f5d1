/**
 * The one piece of Exif a photo keeps: its Orientation (1–8), without which a portrait taken with
 * the phone on its side shows sideways. Read from IFD0 of the original TIFF block (either byte
 * order) and written into a fresh TIFF block that holds nothing else.
 */
import { ascii, be16, be32, startsWith } from './bytes.ts'

const ORIENTATION = 0x0112
const SHORT = 3

/** The Orientation in a TIFF block as Exif stores it (an "Exif\0\0" prefix is skipped), 1 when absent or unreadable. */
export function readOrientation(block: Uint8Array): number {
  const t = startsWith(block, 'Exif\0\0') ? block.subarray(6) : block
  const little = startsWith(t, 'II*\0')
  if (!little && !startsWith(t, 'MM\0*')) return 1
  const u16 = (at: number) => (little ? t[at] | (t[at + 1] << 8) : (t[at] << 8) | t[at + 1])
  const u32 = (at: number) => (little ? u16(at) + u16(at + 2) * 0x10000 : u16(at) * 0x10000 + u16(at + 2))
  const ifd0 = u32(4)
  if (ifd0 < 8 || ifd0 + 2 > t.length) return 1
  const count = u16(ifd0)
  for (let k = 0; k < count; k++) {
    const entry = ifd0 + 2 + 12 * k
    if (entry + 12 > t.length) return 1
    if (u16(entry) !== ORIENTATION) continue
    const value = u16(entry + 8)
    return u16(entry + 2) === SHORT && u32(entry + 4) === 1 && value >= 1 && value <= 8 ? value : 1
  }
  return 1
}

/** A big-endian TIFF block whose IFD0 holds the Orientation tag only, and no further IFD. */
export function orientationTiff(orientation: number): Uint8Array {
  return Uint8Array.from([
    ...ascii('MM\0*'),
    ...be32(8),
    ...be16(1),
    ...be16(ORIENTATION),
    ...be16(SHORT),
    ...be32(1),
    ...be16(orientation),
    0,
    0,
    ...be32(0),
  ])
}
