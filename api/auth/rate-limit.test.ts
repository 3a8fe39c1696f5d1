import { describe, expect, it } from 'vitest'
import { FailureLimiter, MAX_KEYS } from './rate-limit.ts'

describe('FailureLimiter', () => {
  it('blocks a key after max failures in the window and frees it when the window passes', () => {
    let t = 0
    const l = new FailureLimiter(3, 1000, () => t)
    for (let k = 0; k < 3; k++) l.fail('a')
    expect(l.retryAfter('a')).toBe(1)
    expect(l.retryAfter('b')).toBe(0)
    t = 1001
    expect(l.retryAfter('a')).toBe(0)
  })

  it('does not keep expired keys once past its bound', () => {
    let t = 0
    const l = new FailureLimiter(3, 1000, () => t)
    for (let k = 0; k <= MAX_KEYS; k++) l.fail(`user${k}`)
    t = 5000
    l.fail('late')
    expect((l as unknown as { hits: Map<string, number[]> }).hits.size).toBe(1)
  })
})
