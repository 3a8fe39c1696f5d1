/** Byte helpers shared by the photo walkers (strip-*.ts): bounds-checked reads and one error type. */

/** A file that claims to be an image but whose segments or chunks do not parse, or that we do not take. */
export class BadImage extends Error {}

export const fail = (what: string): never => {
  throw new BadImage(what)
}

export const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0))
export const startsWith = (b: Uint8Array, s: string, at = 0): boolean =>
  b.length >= at + s.length && [...s].every((ch, k) => b[at + k] === ch.charCodeAt(0))
export const type4 = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3])
export const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1]
export const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]
export const u32le = (b: Uint8Array, at: number) => b[at] + (b[at + 1] << 8) + (b[at + 2] << 16) + ((b[at + 3] << 24) >>> 0)
export const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
export const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
export const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
