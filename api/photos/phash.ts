/**
 * A perceptual hash (pHash, DCT variant) of a JPEG: the picture shrunk to 32×32 grey levels, its
 * 8×8 lowest DCT frequencies (without the mean) compared with their median, 64 bits. A re-encoded or
 * slightly re-compressed copy keeps the low frequencies, so its hash differs in a few bits; another
 * scene differs in about half of them.
 */
import jpeg from 'jpeg-js'

const N = 32
const K = 8

/** Bits two hashes differ in this many or fewer: the same picture. */
export const SAME_PICTURE_MAX_BITS = 10

/** The picture as N×N mean grey levels (box averages over the decoded pixels). */
export function greyGrid(width: number, height: number, rgba: Uint8Array): Float64Array {
  const sum = new Float64Array(N * N)
  const cnt = new Float64Array(N * N)
  for (let y = 0; y < height; y++) {
    const gy = Math.min(N - 1, Math.floor((y * N) / height))
    for (let x = 0; x < width; x++) {
      const gx = Math.min(N - 1, Math.floor((x * N) / width))
      const o = (y * width + x) * 4
      sum[gy * N + gx] += 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2]
      cnt[gy * N + gx]++
    }
  }
  return sum.map((s, k) => (cnt[k] ? s / cnt[k] : 0))
}

/** The 64-bit hash of an N×N grey grid, as 16 hex digits. */
export function dctHash(grey: Float64Array): string {
  const cos = (i: number, u: number) => Math.cos(((2 * i + 1) * u * Math.PI) / (2 * N))
  const coeffs: number[] = []
  for (let v = 0; v < K; v++)
    for (let u = 0; u < K; u++) {
      let s = 0
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) s += grey[y * N + x] * cos(x, u) * cos(y, v)
      coeffs.push(s)
    }
  const ac = coeffs.slice(1)
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)]
  let bits = 0n
  for (const c of coeffs) bits = (bits << 1n) | (c > median ? 1n : 0n)
  return bits.toString(16).padStart(16, '0')
}

/** The hash of a JPEG, or null when it cannot be decoded within the limits. */
export function jpegHash(bytes: Uint8Array): string | null {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 256 })
    return dctHash(greyGrid(img.width, img.height, img.data))
  } catch {
    return null
  }
}

/** How many bits two hashes differ in. */
export function hammingBits(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`)
  let n = 0
  while (x) {
    n += Number(x & 1n)
    x >>= 1n
  }
  return n
}
