/**
 * Field-point classes: one colour each, the one table every view uses (the wall /screen, the ledger
 * /points, the phone /patch), so a class looks the same everywhere.
 */
type Rgb = [number, number, number]

export const POINT_CLASS_COLORS: Record<string, Rgb> = {
  community: [64, 156, 255],
  residential: [94, 204, 160],
  back_lane: [255, 176, 59],
  bus_stop: [180, 132, 255],
  arterial_road: [255, 99, 99],
  school: [255, 224, 102],
  hotel: [255, 138, 208],
  mall: [0, 210, 211],
  park_square: [120, 224, 80],
  public_toilet: [170, 170, 190],
  wet_market: [255, 140, 66],
  hospital: [240, 70, 140],
  civility_station: [230, 60, 60],
  internet_cafe: [120, 150, 255],
  service_window: [60, 200, 255],
  construction_site: [200, 160, 110],
}
const FALLBACK: Rgb = [200, 200, 200]

/** Every class that has a colour of its own. */
export const POINT_CLASS_CODES = Object.keys(POINT_CLASS_COLORS)

/** The colour of a field-point class. */
export function pointClassColor(code: string): Rgb {
  return POINT_CLASS_COLORS[code] ?? FALLBACK
}

/** CSS form of a class colour, for legends. */
export function pointClassCss(code: string): string {
  return `rgb(${pointClassColor(code).join(',')})`
}

/**
 * The wall display reads from five metres: 16 colours blur there, so the classes fold into five
 * groups of clearly distinct colours (each group named in the legend).
 */
export const POINT_GROUPS: { key: string; color: Rgb; classes: string[] }[] = [
  { key: 'streets', color: [255, 159, 28], classes: ['arterial_road', 'back_lane', 'bus_stop'] },
  { key: 'living', color: [86, 180, 255], classes: ['community', 'residential', 'civility_station'] },
  { key: 'trade', color: [236, 112, 200], classes: ['wet_market', 'mall', 'hotel', 'internet_cafe'] },
  { key: 'public', color: [46, 230, 168], classes: ['school', 'hospital', 'service_window', 'public_toilet', 'park_square'] },
  { key: 'works', color: [235, 235, 235], classes: ['construction_site'] },
]
const GROUP_OF = new Map(POINT_GROUPS.flatMap((g) => g.classes.map((c) => [c, g] as const)))

/** The wall's colour of a class: its group's. */
export function pointGroupColor(code: string): Rgb {
  return GROUP_OF.get(code)?.color ?? FALLBACK
}
