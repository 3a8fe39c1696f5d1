/** Ranks and flags against a plain reading of the rules, over every small case by brute force. */
import { describe, expect, it } from 'vitest'
import { rankAndFlag } from './rank.ts'

/** Rank = place in the list sorted best first, taking the first place of a run of equal scores. */
function plain(scores: (number | null)[], n: number) {
  const sorted = scores.filter((s): s is number => s !== null).sort((a, b) => b - a)
  const asc = [...sorted].reverse()
  return scores.map((s) => {
    if (s === null) return { rank: null, flag: null }
    const rank = sorted.indexOf(s) + 1
    const fromBottom = asc.indexOf(s) + 1
    return { rank, flag: rank <= n ? 'red' : fromBottom <= n ? 'yellow' : null }
  })
}

describe('rankAndFlag', () => {
  it('matches the plain rules for every list of up to 5 scores from {null, 80, 90, 100} and N = 0…3', () => {
    const values = [null, 80, 90, 100]
    for (let len = 0; len <= 5; len++) {
      for (let code = 0; code < values.length ** len; code++) {
        const scores = Array.from({ length: len }, (_, k) => values[Math.floor(code / values.length ** k) % values.length])
        for (let n = 0; n <= 3; n++) {
          const got = rankAndFlag(
            scores.map((score) => ({ score })),
            n,
          ).map(({ rank, flag }) => ({ rank, flag }))
          expect(got, `${JSON.stringify(scores)} N=${n}`).toEqual(plain(scores, n))
        }
      }
    }
  })

  it('shares ranks and skips after a tie; a lone scored row is red, never also yellow', () => {
    expect(rankAndFlag([{ score: 90 }, { score: 95 }, { score: 90 }, { score: 80 }], 1).map((r) => [r.rank, r.flag])).toEqual([
      [2, null],
      [1, 'red'],
      [2, null],
      [4, 'yellow'],
    ])
    expect(rankAndFlag([{ score: 70 }, { score: null }], 1).map((r) => [r.rank, r.flag])).toEqual([
      [1, 'red'],
      [null, null],
    ])
  })
})
