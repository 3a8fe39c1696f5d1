/**
 * SHA-256 in plain JavaScript for the proof of work: crypto.subtle exists only on HTTPS or
 * localhost, and /report is also opened over plain HTTP on the intranet and in WeChat's browser.
 */
const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n))

/** The SHA-256 digest of an ASCII string (the challenge's `seed:nonce`). */
export function sha256(text: string): Uint8Array {
  const n = text.length
  const words = new Uint32Array((((n + 8) >> 6) + 1) * 16)
  for (let i = 0; i < n; i++) words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8)
  words[n >> 2] |= 0x80 << (24 - (n % 4) * 8)
  words[words.length - 1] = n * 8
  const h = Uint32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const w = new Uint32Array(64)
  for (let at = 0; at < words.length; at += 16) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) w[t] = words[at + t]
      else {
        const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3)
        const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10)
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0
      }
    }
    let [a, b, c, d, e, f, g, hh] = h
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h[0] += a
    h[1] += b
    h[2] += c
    h[3] += d
    h[4] += e
    h[5] += f
    h[6] += g
    h[7] += hh
  }
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = (h[i >> 2] >>> (24 - (i % 4) * 8)) & 0xff
  return out
}

/** Leading zero bits of a digest. */
export function zeroBits(d: Uint8Array): number {
  let n = 0
  for (const b of d) {
    if (b) return n + Math.clz32(b) - 24
    n += 8
  }
  return n
}

/** Finds the nonce for a challenge, giving the page a moment to repaint every few thousand tries. */
export async function solveChallenge(seed: string, bits: number): Promise<string> {
  for (let i = 0; ; i++) {
    if (zeroBits(sha256(`${seed}:${i.toString(36)}`)) >= bits) return i.toString(36)
    if (i % 4000 === 3999) await new Promise((r) => setTimeout(r, 0))
  }
}
