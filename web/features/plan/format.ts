/** How the area panel writes the server's numbers; the browser tests format the API's answer the same way. */

/** A count or a density rounded to a whole number with thousands separators; — for none. */
export const whole = (n: number | null | undefined) => (n == null ? '—' : Math.round(n).toLocaleString('en-US'))

/** A share (0.123) as a percentage with one decimal (12.3%). */
export const share = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)

/** A relative change (0.123) as a signed percentage (+12.3%); — when there was nothing before. */
export const change = (r: number | null | undefined) => (r == null ? '—' : `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r * 100).toFixed(1)}%`)

/** A difference of two changes in percentage points, signed (+7.3). */
export const points = (d: number | null | undefined) => (d == null ? '—' : `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d * 100).toFixed(1)}`)

/** An area in m² below one hectare, else in km² with two decimals. */
export const area = (m2: number) => (m2 < 10_000 ? `${whole(m2)} m²` : `${(m2 / 1e6).toFixed(2)} km²`)
