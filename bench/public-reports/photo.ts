/**
 * A photo like the ones /report sends: the page re-encodes the phone's picture on a canvas at most
 * 1600 px on its long side as JPEG quality 0.85 (web/features/patch/steps.api.ts), so a 4:3 shot
 * arrives as a 1600 × 1200 baseline JPEG without metadata. This one is drawn here (sky, a wall with
 * texture, a pavement, some clutter; seeded noise like a sensor's) and encoded by jpeg-js at 85, so
 * it compresses like a photo, not like a flat test square.
 */
import jpeg from 'jpeg-js'
import { makeRng } from '../../fixtures/prng.ts'

/** A deterministic pseudo-random source (mulberry32, fixtures/prng.ts). */
const rng = (seed: number) => makeRng(seed).next

/** A JPEG of `width` × `height` pixels drawn from `seed`. */
export function streetPhoto(width = 1600, height = 1200, seed = 20): Buffer {
  const rand = rng(seed)
  const data = Buffer.alloc(width * height * 4)
  const boxes = Array.from({ length: 14 }, () => ({
    x: rand() * width,
    y: height * (0.55 + rand() * 0.4),
    w: width * (0.03 + rand() * 0.1),
    h: height * (0.03 + rand() * 0.12),
    c: [rand() * 255, rand() * 255, rand() * 255],
  }))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = y / height
      let r: number, g: number, b: number
      if (v < 0.3)
        [r, g, b] = [150 + 60 * v, 180 + 40 * v, 230] // sky
      else if (v < 0.6) {
        const brick = (Math.floor(y / 18) + Math.floor((x + (Math.floor(y / 18) % 2) * 20) / 40)) % 2
        ;[r, g, b] = brick ? [170, 90, 70] : [150, 80, 65] // wall
      } else [r, g, b] = [120 + 30 * Math.sin(x / 37), 118, 112] // pavement
      for (const bx of boxes)
        if (x >= bx.x && x < bx.x + bx.w && y >= bx.y && y < bx.y + bx.h) [r, g, b] = [bx.c[0] * (0.8 + 0.2 * Math.sin(x / 5)), bx.c[1], bx.c[2]]
      const n = (rand() - 0.5) * 16
      const i = (y * width + x) * 4
      data[i] = Math.max(0, Math.min(255, r + n))
      data[i + 1] = Math.max(0, Math.min(255, g + n))
      data[i + 2] = Math.max(0, Math.min(255, b + n))
      data[i + 3] = 255
    }
  }
  return jpeg.encode({ data, width, height }, 85).data
}
