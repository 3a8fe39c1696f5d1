/**
 * WebP by allow-list: the RIFF container keeps only VP8X (its Exif and XMP flags cleared), the ICC
 * profile, the alpha plane and the one image chunk; EXIF, XMP and unknown chunks and anything after
 * the RIFF size go. Animations are refused (a photo is one frame). An Orientation from EXIF is kept
 * in a fresh EXIF chunk that holds nothing else.
 */
import { ascii, concat, fail, le32, startsWith, type4, u32le } from './bytes.ts'
import { orientationTiff, readOrientation } from './orientation.ts'

// VP8X flags (first payload byte): ICC profile, alpha, Exif, XMP, animation.
const ICC = 0x20
const EXIF = 0x08
const XMP = 0x04
const ANIMATION = 0x02

const chunk = (type: string, data: Uint8Array) => concat([ascii(type), Uint8Array.from(le32(data.length)), data, new Uint8Array(data.length & 1)])

/** The WebP's kept chunks in a new RIFF container with its size set; throws BadImage when malformed. */
export function stripWebp(b: Uint8Array): Uint8Array {
  if (!startsWith(b, 'RIFF') || !startsWith(b, 'WEBP', 8)) fail('WebP: no RIFF header')
  const size = u32le(b, 4)
  if (size + 8 > b.length || size < 4) fail('WebP: RIFF size beyond the file')
  const end = 8 + size
  const parts: Uint8Array[] = []
  let vp8x: Uint8Array | null = null
  let image = false
  let icc = false
  let orientation = 1
  for (let at = 12; at < end;) {
    if (at + 8 > end) fail('WebP: truncated chunk header')
    const type = type4(b, at)
    const len = u32le(b, at + 4)
    const data = b.subarray(at + 8, at + 8 + len)
    if (at + 8 + len > end) fail(`WebP: chunk ${type} runs past the end`)
    if (at === 12 && !['VP8 ', 'VP8L', 'VP8X'].includes(type)) fail('WebP: no image header')
    at += 8 + len + (len & 1)
    if (type === 'VP8X') {
      if (vp8x || len !== 10) fail('WebP: bad VP8X')
      if (data[0] & ANIMATION) fail('WebP: animated images are not taken')
      vp8x = chunk(type, data)
      parts.push(vp8x)
    } else if (type === 'VP8 ' || type === 'VP8L') {
      if (image) fail('WebP: a second image')
      const valid = type === 'VP8 ' ? len >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a : len >= 5 && data[0] === 0x2f
      if (!valid) fail(`WebP: bad ${type.trim()} header`)
      image = true
      parts.push(chunk(type, data))
    } else if ((type === 'ICCP' && !image) || type === 'ALPH') {
      if (!vp8x) fail(`WebP: ${type} without VP8X`)
      icc ||= type === 'ICCP'
      parts.push(chunk(type, data))
    } else if (type === 'ANIM' || type === 'ANMF') {
      fail('WebP: animated images are not taken')
    } else if (type === 'EXIF') {
      orientation = readOrientation(data)
    }
  }
  if (!image) fail('WebP: no image data')
  if (vp8x) {
    // Flags must match the chunks present: drop Exif/XMP, keep ICC only if its chunk was kept.
    vp8x[8] = (vp8x[8] & ~(ICC | EXIF | XMP)) | (icc ? ICC : 0) | (orientation > 1 ? EXIF : 0)
    if (orientation > 1) parts.push(chunk('EXIF', orientationTiff(orientation)))
  }
  const body = concat(parts)
  return concat([ascii('RIFF'), Uint8Array.from(le32(body.length + 4)), ascii('WEBP'), body])
}
