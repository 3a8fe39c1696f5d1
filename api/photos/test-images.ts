/**
 * Real, decodable test images (4×4 pixels, a red square with a white centre) and the metadata a
 * phone camera adds: an Exif block with GPS tags and an XMP packet with the same position. The
 * JPEG and WebP bytes were encoded by Chromium's canvas (with its sRGB ICC profile, which must
 * survive); the PNG is built here with zlib.
 */
import { deflateSync } from 'node:zlib'

export const PLAIN_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAjEAAAAgkFAAAAAAAAAAAAAAAABAECAwURExQhJBIVIiNB/8QAFQEBAQAAAAAAAAAAAAAAAAAABAf/xAAXEQADAQAAAAAAAAAAAAAAAAAAAQQz/9oADAMBAAIRAxEAPwCevd5blRYRIpSllC2KylzdMexpfkumN1vYIAABWWmbJH//2Q==',
  'base64',
)
export const PLAIN_WEBP = Buffer.from(
  'UklGRiQCAABXRUJQVlA4WAoAAAAgAAAAAwAAAwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggNgAAANABAJ0BKgQABAABQCYloAJ0AQ7+A44AAP6f7/+UUf/J7t//IsG9I//eM//+4z//7jP/dwAAAA==',
  'base64',
)

/** The position the fixtures carry: 28°10'30"N 112°59'15"E, in 东塘. */
export const GPS_TEXT = 'GPSLatitude'
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="28,10.5N" exif:GPSLongitude="112,59.25E"/></rdf:RDF></x:xmpmeta>'
const XMP_NS = 'http://ns.adobe.com/xap/1.0/\0'

const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
const ascii = (s: string) => [...Buffer.from(s, 'latin1')]

/**
 * A big-endian TIFF block as Exif stores it: IFD0 with one GPSInfo pointer, and a GPS IFD with
 * latitude and longitude (refs N/E and three rationals each).
 */
export function exifTiff(): Uint8Array {
  const ifd0 = 8
  const gps = ifd0 + 2 + 12 + 4 // IFD0: count, one entry, next-IFD offset
  const data = gps + 2 + 4 * 12 + 4 // GPS IFD: count, four entries, next
  const rationals = (d: number, m: number, s100: number) => [...be32(d), ...be32(1), ...be32(m), ...be32(1), ...be32(s100), ...be32(100)]
  const entry = (tag: number, type: number, count: number, value: number[]) => [...be16(tag), ...be16(type), ...be32(count), ...value]
  return new Uint8Array([
    ...ascii('MM'),
    ...be16(42),
    ...be32(ifd0),
    ...be16(1),
    ...entry(0x8825, 4, 1, be32(gps)),
    ...be32(0),
    ...be16(4),
    ...entry(1, 2, 2, [...ascii('N'), 0, 0, 0]),
    ...entry(2, 5, 3, be32(data)),
    ...entry(3, 2, 2, [...ascii('E'), 0, 0, 0]),
    ...entry(4, 5, 3, be32(data + 24)),
    ...be32(0),
    ...rationals(28, 10, 3000),
    ...rationals(112, 59, 1500),
  ])
}

const tiffMarker = () => Buffer.from(exifTiff()).subarray(0, 16)

/** Whether bytes still carry the fixtures' metadata: the Exif TIFF block, the XMP packet or its GPS text. */
export function carriesLocation(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes)
  return b.includes(tiffMarker()) || b.includes('Exif\0\0') || b.includes(GPS_TEXT) || b.includes('xmpmeta')
}

/** The JPEG with an APP1 Exif segment (GPS) and an APP1 XMP segment right after SOI. */
export function jpegWithGps(): Uint8Array {
  const seg = (payload: number[]) => [0xff, 0xe1, ...be16(payload.length + 2), ...payload]
  const exif = seg([...ascii('Exif\0\0'), ...exifTiff()])
  const xmp = seg([...ascii(XMP_NS), ...ascii(XMP)])
  return new Uint8Array([...PLAIN_JPEG.subarray(0, 2), ...exif, ...xmp, ...PLAIN_JPEG.subarray(2)])
}

// PNG chunks carry a CRC-32 over type and data.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const x of bytes) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type: string, data: number[]) => {
  const body = new Uint8Array([...ascii(type), ...data])
  return [...be32(data.length), ...body, ...be32(crc32(body))]
}

/** A 4×4 RGB PNG; with `gps`, also an eXIf chunk and an iTXt XMP chunk before the image data. */
export function png(gps = false): Uint8Array {
  const rows: number[] = []
  for (let y = 0; y < 4; y++) {
    rows.push(0) // filter: none
    for (let x = 0; x < 4; x++) rows.push(...(x > 0 && x < 3 && y > 0 && y < 3 ? [255, 255, 255] : [204, 0, 51]))
  }
  const meta = gps ? [...chunk('eXIf', [...exifTiff()]), ...chunk('iTXt', [...ascii('XML:com.adobe.xmp\0\0\0\0\0'), ...ascii(XMP)])] : []
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [...be32(4), ...be32(4), 8, 2, 0, 0, 0]),
    ...meta,
    ...chunk('IDAT', [...deflateSync(Buffer.from(rows))]),
    ...chunk('IEND', []),
  ])
}

/** The WebP with EXIF and XMP chunks appended and their flags set in VP8X, RIFF size updated. */
export function webpWithGps(): Uint8Array {
  const pad = (d: number[]) => (d.length & 1 ? [...d, 0] : d)
  const riffChunk = (type: string, d: number[]) => [...ascii(type), ...le32(d.length), ...pad(d)]
  const extra = [...riffChunk('EXIF', [...exifTiff()]), ...riffChunk('XMP ', ascii(XMP))]
  const out = new Uint8Array([...PLAIN_WEBP, ...extra])
  out[20] |= 0x08 | 0x04 // VP8X flags: EXIF and XMP present
  out.set(le32(out.length - 8), 4)
  return out
}
