/** The page's SHA-256 agrees with Node's, and its proof of work is what the server checks. */
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { solves } from '../../../api/public/challenge.ts'
import { sha256, solveChallenge } from './sha256.ts'

describe('sha256 (browser proof of work)', () => {
  it('equals node:crypto for lengths across block boundaries', () => {
    for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 200]) {
      const s = randomBytes(len).toString('hex').slice(0, len)
      expect(Buffer.from(sha256(s)).toString('hex'), `length ${len}`).toBe(createHash('sha256').update(s).digest('hex'))
    }
  })
  it('solves a challenge the server accepts', async () => {
    const seed = randomBytes(16).toString('hex')
    expect(solves(seed, await solveChallenge(seed, 10), 10)).toBe(true)
  })
})
