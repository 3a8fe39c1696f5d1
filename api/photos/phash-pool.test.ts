/**
 * The perceptual hash in worker threads: the same 64 bits as on the main thread, null for a file
 * that does not decode, and the event loop keeps turning while a large photo is decoded.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { jpegHashOffThread } from './phash-pool.ts'
import { jpegHash } from './phash.ts'
import { cjpeg } from './test-tools.ts'

describe('perceptual hash off the event loop', () => {
  it('hashes as the main thread does, and answers null for a corrupt photo', async () => {
    const small = cjpeg(64, 48)
    expect(await jpegHashOffThread(small)).toBe(jpegHash(small))
    expect(await jpegHashOffThread(new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 1, 2]))).toBeNull()
  })

  it('leaves the event loop free while a 1600×1200 photo is decoded', async () => {
    const big = new Uint8Array(
      execFileSync('cjpeg', ['-quality', '85'], { input: Buffer.concat([Buffer.from('P6 1600 1200 255\n'), Buffer.alloc(1600 * 1200 * 3, 120)]) }),
    )
    await jpegHashOffThread(cjpeg(8, 8)) // the worker is started
    let beats = 0
    const beat = setInterval(() => beats++, 5)
    const t0 = performance.now()
    const hash = await jpegHashOffThread(big)
    const ms = performance.now() - t0
    clearInterval(beat)
    expect(hash).toBe(jpegHash(big))
    // on the main thread the decode would let no timer fire until it ended: here they keep firing
    expect(beats).toBeGreaterThanOrEqual(Math.floor(ms / 5 / 4))
    expect(beats).toBeGreaterThan(3)
  })
})
