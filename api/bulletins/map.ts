/** The 通报's map: each unit filled by its score's colour under the street's roads, drawn as SVG in metres (EPSG:4547). */
import { esc } from '../notices/render.ts'
import { SCORE_CLASSES, scoreColour, UNSCORED_COLOUR } from './colours.ts'
import type { BulletinData } from './data.ts'

/** The legend's entries, best first, then 未测评. */
export const LEGEND: [colour: string, label: string][] = [
  ...SCORE_CLASSES.map((c): [string, string] => [c.colour, c.label]),
  [UNSCORED_COLOUR, '未测评'],
]

/** A road's drawn width by its class, in label sizes (font units): arterials widest. */
export function roadWidth(cls: string, font: number): number {
  return font * (cls === 'arterial' ? 0.32 : cls === 'secondary' ? 0.22 : 0.13)
}

/** Roads are drawn white with a grey edge, as on a street map, over the score colours. */
export const ROAD_COLOUR = '#ffffff'
export const ROAD_EDGE = '#8a8a8a'

/**
 * Where things go, in EPSG:4547 metres with y negated (as ST_AsSVG writes): the view box (the
 * street, a margin and the legend on its right), the label size and the legend's left edge. The
 * SVG and its PNG fallback (raster.ts) share it, so both have the same shape.
 */
export function mapFrame(d: BulletinData) {
  const { xmin, ymin, xmax, ymax } = d.map[0]
  const w = xmax - xmin
  const h = ymax - ymin
  const pad = Math.max(w, h) * 0.03
  const font = Math.max(w, h) / 60
  const lx = xmax + pad
  const box = { x: xmin - pad, y: -ymax - pad, w: w + 3 * pad + font * 7, h: h + 2 * pad }
  const legendY = (k: number) => -ymax + k * font * 1.4
  return { box, font, lx, legendY }
}

/** The map as one self-contained SVG element, with a legend. */
export function mapSvg(d: BulletinData): string {
  if (!d.map.length) return ''
  const { box, font, lx, legendY } = mapFrame(d)
  const score = new Map(d.rows.map((r) => [r.code, r]))
  const shapes = d.map
    .map((m) => {
      const r = score.get(m.code)
      return `<path d="${esc(m.d)}" fill="${scoreColour(r?.score ?? null)}"/>`
    })
    .join('')
  // the units' outlines over the roads (which run along many of them), so every unit stays closed
  const outlines = d.map.map((m) => `<path d="${esc(m.d)}" fill="none" stroke="#333" stroke-width="${font / 8}"/>`).join('')
  // the street's roads over the colours, a grey edge under a white line, so the units can be found by them
  const roads = d.roads
    .map((r) => {
      const w = roadWidth(r.class, font)
      return `<path d="${esc(r.d)}" fill="none" stroke="${ROAD_EDGE}" stroke-width="${w + font / 8}" stroke-linecap="round"/><path d="${esc(r.d)}" fill="none" stroke="${ROAD_COLOUR}" stroke-width="${w}" stroke-linecap="round"><title>${esc(r.name)}</title></path>`
    })
    .join('')
  const labels =
    d.level === 'community'
      ? d.map
          .map((m) => {
            const r = score.get(m.code)
            return `<text x="${m.cx}" y="${-m.cy}" font-size="${font}" text-anchor="middle">${esc(r?.name ?? '')}</text><text x="${m.cx}" y="${-m.cy + font * 1.2}" font-size="${font}" text-anchor="middle">${r?.score === null || !r ? '未测评' : r.score.toFixed(1)}</text>`
          })
          .join('')
      : ''
  const legend = LEGEND.map(([colour, label], k) => {
    const y = legendY(k)
    return `<rect x="${lx}" y="${y}" width="${font}" height="${font}" fill="${colour}" stroke="#333" stroke-width="${font / 10}"/><text x="${lx + font * 1.4}" y="${y + font * 0.85}" font-size="${font * 0.9}">${esc(label)}</text>`
  }).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x} ${box.y} ${box.w} ${box.h}" role="img" aria-label="得分分布图">${shapes}<g data-layer="roads">${roads}</g>${outlines}${labels}${legend}</svg>`
}
