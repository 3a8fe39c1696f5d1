/** The limits of a street import, in one place (docs/api.md and docs/security.md name them). */

/** Largest request body of POST /admin/streets/import (all its files together). */
export const MAX_STREET_UPLOAD_BYTES = 32 * 1024 * 1024
/** Largest total of a zipped Shapefile's uncompressed parts (a zip bomb is refused before inflating). */
export const MAX_ZIP_INFLATED_BYTES = 200 * 1024 * 1024
/** Most features one layer may hold (a street has tens of communities and hundreds of grids). */
export const MAX_FEATURES = 5_000
/** Most vertices one feature may have (a grid drawn along every kerb has a few thousand). */
export const MAX_FEATURE_VERTICES = 100_000
/** Most vertices of all layers together: the checks run in one transaction and must stay quick. */
export const MAX_TOTAL_VERTICES = 2_000_000
/** Smallest overlap or gap reported (m²); smaller ones are digitising noise. */
export const MIN_PROBLEM_M2 = 1
/** A polygon part this thin (4πA/P², 1 for a circle) and under this area is reported as a sliver. */
export const SLIVER_THINNESS = 0.05
export const SLIVER_MAX_M2 = 500
