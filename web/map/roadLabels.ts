/**
 * Road names for maps drawn without a glyph server: one label per named road, at the middle of its
 * length, turned along the road as it appears on screen (the wall map may be turned; see fitRotated.ts).
 */
import { TextLayer } from '@deck.gl/layers'
import type { Feature, LineString } from 'geojson'
import { MAP_FONT } from './labels.ts'

export type RoadLabel = { position: [number, number]; text: string; angle: number; major: boolean }

const RAD = Math.PI / 180

/** Metres east and north between two lon/lat points (local flat approximation, enough for an angle and a street's length). */
function metres(a: number[], b: number[]): [number, number] {
  const k = Math.cos(((a[1] + b[1]) / 2) * RAD)
  return [(b[0] - a[0]) * 111_320 * k, (b[1] - a[1]) * 110_574]
}

/** The label of one road: the point halfway along it and the screen angle (degrees counter-clockwise, kept readable). */
export function roadLabel(line: number[][], text: string, bearing: number, major: boolean): RoadLabel | null {
  if (line.length < 2 || !text) return null
  const legs = line.slice(1).map((p, i) => metres(line[i], p))
  const lengths = legs.map(([x, y]) => Math.hypot(x, y))
  let rest = lengths.reduce((s, l) => s + l, 0) / 2
  let i = 0
  while (i < lengths.length - 1 && rest > lengths[i]) rest -= lengths[i++]
  const f = lengths[i] ? rest / lengths[i] : 0
  const position: [number, number] = [line[i][0] + (line[i + 1][0] - line[i][0]) * f, line[i][1] + (line[i + 1][1] - line[i][1]) * f]
  // A turned map turns everything on it counter-clockwise by the bearing.
  let angle = Math.atan2(legs[i][1], legs[i][0]) / RAD + bearing
  angle = ((((angle + 180) % 360) + 360) % 360) - 180
  if (angle > 90) angle -= 180
  if (angle <= -90) angle += 180
  return { position, text, angle, major }
}

/** Labels for every named road of the basemap. */
export function roadLabels(roads: Feature<LineString, { name?: string; class?: string }>[], bearing: number): RoadLabel[] {
  return roads
    .map((r) => roadLabel(r.geometry.coordinates, r.properties.name ?? '', bearing, r.properties.class !== 'lane'))
    .filter((l): l is RoadLabel => l !== null)
}

/** The road names as a deck.gl layer: quieter than place names, lanes smaller than roads. */
export function roadLabelLayer(id: string, data: RoadLabel[], size = 12) {
  return new TextLayer<RoadLabel>({
    id,
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getAngle: (d) => d.angle,
    getSize: (d) => (d.major ? size : size * 0.85),
    sizeUnits: 'pixels',
    characterSet: 'auto',
    fontFamily: MAP_FONT,
    fontWeight: 600,
    getColor: (d) => (d.major ? [214, 232, 252, 250] : [170, 196, 226, 235]),
    outlineWidth: 3,
    outlineColor: [7, 17, 31, 230],
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    updateTriggers: { getSize: [size] },
  })
}
