/** The colours of scores on every map of the assessment (通报, /plan): one source for server and web. */

/** Score classes, best first: a score ≥ `min` takes `colour`. */
export const SCORE_CLASSES = [
  { min: 95, colour: '#1a9850', label: '95–100' },
  { min: 90, colour: '#91cf60', label: '90–95' },
  { min: 80, colour: '#fee08b', label: '80–90' },
  { min: 60, colour: '#fc8d59', label: '60–80' },
  { min: 0, colour: '#d73027', label: '<60' },
] as const

/** The colour of 未测评 (no score). */
export const UNSCORED_COLOUR = '#d9d9d9'

/** The colour of a score (null = 未测评). */
export function scoreColour(score: number | null): string {
  if (score === null) return UNSCORED_COLOUR
  return SCORE_CLASSES.find((c) => score >= c.min)?.colour ?? UNSCORED_COLOUR
}
