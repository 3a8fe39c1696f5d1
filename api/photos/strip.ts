/**
 * Removes metadata that may carry where and when a photo was taken (Exif GPS, XMP, text chunks)
 * before a photo is stored or served. A walk over the file's own segments or chunks: the image data
 * is copied byte for byte, so the picture stays exactly as decodable as it was. A file whose
 * structure does not parse is refused rather than stored with its metadata.
 */
import type { PhotoMime } from './magic.ts'

/** A file that claims to be an image but whose segments or chunks do not parse. */
export class BadImage extends Error {}

const fail = (what: string): never => {
  throw new BadImage(what)
}

/** The photo without location-bearing metadata, same type; throws BadImage when malformed. */
export function stripMetadata(bytes: Uint8Array, mime: PhotoMime): Uint8Array {
  if (mime === 'image/jpeg') return stripJpeg(bytes)
  if (mime === 'image/png') return stripPng(bytes)
  return stripWebp(bytes)
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

// JPEG: APP1 holds Exif and XMP, APP13 Photoshop/IPTC (which has location fields too), COM comments.
const JPEG_DROP = new Set([0xe1, 0xed, 0xfe])

/** JPEG: keeps every marker segment but APP1/APP13/COM up to the scan, then the rest verbatim. */
function stripJpeg(b: Uint8Array): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) fail('JPEG: no SOI')
  const parts: Uint8Array[] = [b.subarray(0, 2)]
  let at = 2
  for (;;) {
    if (at + 4 > b.length) fail('JPEG: truncated before the image data')
    if (b[at] !== 0xff) fail(`JPEG: no marker at ${at}`)
    const marker = b[at + 1]
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    if (marker === 0xd9) fail('JPEG: ends before any image data')
    const len = (b[at + 2] << 8) | b[at + 3]
    if (len < 2 || at + 2 + len > b.length) fail(`JPEG: bad segment length at ${at}`)
    if (marker === 0xda) {
      // Start of scan: entropy-coded data and any further scans follow; they carry no metadata.
      if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) fail('JPEG: no EOI')
      parts.push(b.subarray(at))
      return concat(parts)
    }
    if (!JPEG_DROP.has(marker)) parts.push(b.subarray(at, at + 2 + len))
    at += 2 + len
  }
}

const PNG_SIG = 8
// eXIf is Exif; tEXt/zTXt/iTXt hold free text, where XMP (and its GPS fields) is stored.
const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt'])
const type4 = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3])
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]
const u32le = (b: Uint8Array, at: number) => b[at] + (b[at + 1] << 8) + (b[at + 2] << 16) + ((b[at + 3] << 24) >>> 0)

/** PNG: the signature, then every chunk but the metadata ones, up to and including IEND. */
function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, PNG_SIG)]
  let at = PNG_SIG
  for (;;) {
    if (at + 12 > b.length) fail('PNG: truncated before IEND')
    const len = u32be(b, at)
    const type = type4(b, at + 4)
    const end = at + 12 + len
    if (end > b.length) fail(`PNG: chunk ${type} runs past the end`)
    if (!PNG_DROP.has(type)) parts.push(b.subarray(at, end))
    at = end
    if (type === 'IEND') return concat(parts)
  }
}

const WEBP_DROP = new Set(['EXIF', 'XMP '])
// VP8X flags (first payload byte): bit 3 says an EXIF chunk follows, bit 2 an XMP chunk.
const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

/** WebP: the RIFF container without EXIF and XMP chunks; VP8X's flags and the RIFF size follow suit. */
function stripWebp(b: Uint8Array): Uint8Array {
  const size = u32le(b, 4)
  if (size + 8 > b.length || size < 4) fail('WebP: RIFF size beyond the file')
  const end = 8 + size
  const parts: Uint8Array[] = []
  let at = 12
  while (at < end) {
    if (at + 8 > end) fail('WebP: truncated chunk header')
    const type = type4(b, at)
    const len = u32le(b, at + 4)
    const next = at + 8 + len + (len & 1)
    if (at + 8 + len > end) fail(`WebP: chunk ${type} runs past the end`)
    if (type === 'VP8X' && len >= 1) {
      const chunk = b.slice(at, Math.min(next, end))
      chunk[8] &= ~(VP8X_EXIF | VP8X_XMP)
      parts.push(chunk)
    } else if (!WEBP_DROP.has(type)) parts.push(b.subarray(at, Math.min(next, end)))
    at = next
  }
  const body = concat(parts)
  const head = new Uint8Array(12)
  head.set(b.subarray(0, 12))
  const riff = body.length + 4
  head[4] = riff & 0xff
  head[5] = (riff >>> 8) & 0xff
  head[6] = (riff >>> 16) & 0xff
  head[7] = (riff >>> 24) & 0xff
  return concat([head, body])
}
