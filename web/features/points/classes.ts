/** One colour per field-point class, shared by the ledger and the phone view so a class looks the same everywhere. */
type Rgb = [number, number, number]

const CLASS_COLORS: Record<string, Rgb> = {
  arterial_road: [231, 76, 60],
  back_lane: [230, 126, 34],
  community: [41, 128, 185],
  residential: [52, 152, 219],
  wet_market: [39, 174, 96],
  park_square: [46, 204, 113],
  school: [142, 68, 173],
  hospital: [192, 57, 43],
  hotel: [211, 84, 0],
  mall: [241, 196, 15],
  bus_stop: [22, 160, 133],
  service_window: [44, 62, 80],
  civility_station: [233, 30, 99],
  internet_cafe: [121, 85, 72],
  construction_site: [255, 152, 0],
  public_toilet: [0, 150, 136],
}

/** Every class that has a colour of its own. */
export const CLASS_CODES = Object.keys(CLASS_COLORS)

/** The class's colour as RGB; unknown classes get a neutral grey. */
export function classColor(code: string): Rgb {
  return CLASS_COLORS[code] ?? [120, 130, 140]
}

/** The class's colour as a CSS colour. */
export function classCss(code: string): string {
  return `rgb(${classColor(code).join(',')})`
}
