/** The sizes a zip archive declares for its parts, read from its central directory before inflating anything. */

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50

/**
 * The sum of the declared uncompressed sizes of every entry, or null when the bytes are not a zip
 * archive. A ZIP64 size (0xffffffff) counts as Infinity: no workbook we take needs one.
 */
export function declaredInflatedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  let end = -1
  for (let k = bytes.length - 22; k >= lowest; k -= 1) {
    if (view.getUint32(k, true) === EOCD) {
      end = k
      break
    }
  }
  if (end < 0) return null
  const entries = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  let total = 0
  for (let n = 0; n < entries; n += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return null
    const size = view.getUint32(at + 24, true)
    total += size === 0xffffffff ? Infinity : size
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return total
}
