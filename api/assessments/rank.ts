/** Ranking and flags of the weekly assessment: competition ranks, 红旗 for the top N, 黄旗 for the bottom N. */

/** A unit's score for ranking; null = 未测评 (not ranked, never flagged). */
export interface Scored {
  score: number | null
}

export type Flag = 'red' | 'yellow' | null

/**
 * Ranks of `rows` (1 = best; equal scores share the rank, the next rank skips: 1, 2, 2, 4) and flags:
 * `red` for ranks ≤ n, `yellow` for rows with at most n − 1 rows strictly below them (the bottom n,
 * ties included) that are not red. Unscored rows get neither.
 */
export function rankAndFlag<T extends Scored>(rows: T[], n: number): (T & { rank: number | null; flag: Flag })[] {
  const scores = rows.flatMap((r) => (r.score === null ? [] : [r.score]))
  return rows.map((r) => {
    if (r.score === null) return { ...r, rank: null, flag: null }
    const s = r.score
    const rank = 1 + scores.filter((x) => x > s).length
    const fromBottom = 1 + scores.filter((x) => x < s).length
    const flag: Flag = n > 0 && rank <= n ? 'red' : n > 0 && fromBottom <= n ? 'yellow' : null
    return { ...r, rank, flag }
  })
}

/** A score as shown and ranked: one decimal. */
export const round1 = (x: number) => Math.round(x * 10) / 10
