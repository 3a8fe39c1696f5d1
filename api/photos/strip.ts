/**
 * Keeps of a photo only what is needed to show it, before it is stored or served: an allow-list walk
 * over the file's own segments or chunks (no image library), per type in strip-jpeg.ts,
 * strip-png.ts and strip-webp.ts. Everything that may carry where, when or with what a photo was
 * taken (Exif, XMP, IPTC, text, appended images, trailers) is dropped; the Orientation is kept in a
 * fresh Exif block of its own. A file whose structure does not parse is refused, never passed on.
 */
import type { PhotoMime } from './magic.ts'
import { stripJpeg } from './strip-jpeg.ts'
import { stripPng } from './strip-png.ts'
import { stripWebp } from './strip-webp.ts'

export { BadImage } from './bytes.ts'

/** The photo with only its allow-listed parts, same type; throws BadImage when malformed. */
export function stripMetadata(bytes: Uint8Array, mime: PhotoMime): Uint8Array {
  if (mime === 'image/jpeg') return stripJpeg(bytes)
  if (mime === 'image/png') return stripPng(bytes)
  return stripWebp(bytes)
}
