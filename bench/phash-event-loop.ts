/**
 * The perceptual hash's cost on the API's event loop (docs/performance.md, "Photo evidence"): a
 * 1600×1200 phone-sized JPEG hashed on the main thread and in the worker pool, one photo and a burst
 * of four; the longest event-loop stall (a 10 ms heartbeat's largest gap) and the wall time per photo. Run: `npx tsx bench/phash-event-loop.ts`.
 */
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { jpegHashOffThread } from '../api/photos/phash-pool.ts'
import { jpegHash } from '../api/photos/phash.ts'

/** A 1600×1200 JPEG like a phone photo after the app's downscale: smooth shapes with sensor-like noise. */
function photo(seed: number): Uint8Array {
  const [w, h] = [1600, 1200]
  const px = Buffer.alloc(w * h * 3)
  let s = seed
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff
      const n = ((s >> 16) & 31) - 16
      const base = (x - 900) ** 2 + (y - 500) ** 2 < 300 ** 2 ? 200 : 60 + ((x + y * seed) % 400) / 4
      const o = (y * w + x) * 3
      px[o] = Math.max(0, Math.min(255, base + n))
      px[o + 1] = Math.max(0, Math.min(255, base * 0.8 + n))
      px[o + 2] = Math.max(0, Math.min(255, base * 0.6 + n))
    }
  return new Uint8Array(
    execFileSync('cjpeg', ['-quality', '85'], { input: Buffer.concat([Buffer.from(`P6 ${w} ${h} 255\n`), px]), maxBuffer: 64 << 20 }),
  )
}

async function measure(label: string, run: () => Promise<unknown>, photos: number) {
  let last = performance.now()
  let gap = 0
  const beat = setInterval(() => {
    const t = performance.now()
    gap = Math.max(gap, t - last)
    last = t
  }, 10)
  const t0 = performance.now()
  await run()
  const ms = performance.now() - t0
  await new Promise((r) => setTimeout(r, 30)) // the heartbeat after a blocking run sees its gap
  clearInterval(beat)
  console.log(
    `${label}: ${(ms / 1000).toFixed(2)} s for ${photos} (${(ms / photos / 1000).toFixed(2)} s/photo), event loop: longest heartbeat gap ${gap.toFixed(0)} ms`,
  )
}

const one = photo(3)
const four = [photo(5), photo(7), photo(11), photo(13)]
console.log(`photo: 1600×1200, ${(one.length / 1024).toFixed(0)} KiB`)
await jpegHashOffThread(one) // start the workers outside the measurement
await measure('main thread, 1 photo', async () => jpegHash(one), 1)
await measure('worker pool, 1 photo', () => jpegHashOffThread(one), 1)
await measure('main thread, 4 photos', async () => four.map((p) => jpegHash(p)), 4)
await measure('worker pool, 4 photos at once', () => Promise.all(four.map((p) => jpegHashOffThread(p))), 4)
