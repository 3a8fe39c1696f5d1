/** deck.gl layers of the bike-parking coverage: covered area, uncovered issues (gaps), suggested sites. */
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Coverage } from './useCoverage.ts'

type Site = Coverage['suggestions'][number]

/** The three layers under ids starting with `id`: covered area, gaps, then sites sized by demand on top. */
export function coverageLayers(id: string, c: Coverage) {
  const gaps = (c.gaps?.coordinates ?? []) as [number, number][]
  const maxDemand = Math.max(1, ...c.suggestions.map((s) => s.demand))
  return [
    c.covered &&
      new GeoJsonLayer({
        id: `${id}-covered`,
        data: { type: 'Feature', geometry: c.covered, properties: {} } as never,
        filled: true,
        stroked: true,
        getFillColor: [46, 160, 90, 95],
        getLineColor: [24, 120, 60, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
      }),
    new ScatterplotLayer<[number, number]>({
      id: `${id}-gaps`,
      data: gaps,
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: 4,
      getFillColor: [220, 38, 38, 235],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      getLineColor: [255, 255, 255, 220],
    }),
    new ScatterplotLayer<Site>({
      id: `${id}-sites`,
      data: c.suggestions,
      getPosition: (s) => [s.lon, s.lat],
      radiusUnits: 'pixels',
      getRadius: (s) => 9 + 11 * Math.sqrt(s.demand / maxDemand),
      getFillColor: [37, 99, 235, 200],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: [255, 255, 255, 255],
      pickable: true,
    }),
  ]
}
