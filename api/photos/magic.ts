/** Recognises the image types we accept by their first bytes, whatever the client claims. */

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((ch, k) => b[at + k] === ch.charCodeAt(0))

/** The MIME type of a JPEG, PNG or WebP file, or null for anything else. */
export function sniffImage(b: Uint8Array): PhotoMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && PNG.every((x, k) => b[k] === x)) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp'
  return null
}
