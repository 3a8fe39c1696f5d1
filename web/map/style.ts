/**
 * The offline map styles: fills and lines only, so MapLibre needs no glyph or sprite server; labels
 * are drawn by deck.gl's TextLayer with the system CJK font (see labels.ts).
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'

export type Theme = 'dark' | 'light'

export const PALETTE = {
  dark: {
    bg: '#07111f',
    block: '#0d1b2e',
    building: '#13263f',
    water: '#0e3357',
    place: '#7fb8e8',
    road: '#24476e',
    arterial: '#3a6a9e',
    grid: '#3d6ea5',
    community: '#6fb7ff',
    boundary: '#39d3ff',
    gridFill: '#10233b',
    hover: '#ffe066',
  },
  light: {
    bg: '#eef1f5',
    block: '#e2e6ec',
    building: '#d3d8e0',
    water: '#aad3df',
    place: '#5b6b80',
    road: '#ffffff',
    arterial: '#fbd38d',
    grid: '#8aa2c0',
    community: '#3d5a80',
    boundary: '#c0392b',
    gridFill: '#f7f9fc',
    hover: '#f59f00',
  },
} as const

/** An empty style with only a background; the basemap sources are added once loaded. */
export function baseStyle(theme: Theme): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': PALETTE[theme].bg } }] }
}

/** The basemap layers, bottom to top; `grids-fill` / `communities-fill` carry the choropleth. */
export function basemapLayers(theme: Theme): LayerSpecification[] {
  const p = PALETTE[theme]
  return [
    {
      id: 'blocks',
      type: 'fill',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'block'],
      paint: { 'fill-color': p.block, 'fill-opacity': 0.9 },
    },
    // a street's own basemap (the street importer): water and buildings under the grids, places over them
    { id: 'water', type: 'fill', source: 'basemap', filter: ['==', ['get', 'kind'], 'water'], paint: { 'fill-color': p.water } },
    {
      id: 'buildings',
      type: 'fill',
      source: 'basemap',
      minzoom: 15,
      filter: ['==', ['get', 'kind'], 'building'],
      paint: { 'fill-color': p.building, 'fill-opacity': 0.9 },
    },
    { id: 'communities-fill', type: 'fill', source: 'communities', paint: { 'fill-color': p.gridFill, 'fill-opacity': 0 } },
    { id: 'grids-fill', type: 'fill', source: 'grids', paint: { 'fill-color': p.gridFill, 'fill-opacity': theme === 'dark' ? 0.35 : 0.25 } },
    {
      id: 'roads-minor',
      type: 'line',
      source: 'basemap',
      filter: ['all', ['==', ['get', 'kind'], 'road'], ['!=', ['get', 'class'], 'arterial']],
      paint: { 'line-color': p.road, 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 0.6, 17, 4] },
    },
    {
      id: 'roads-arterial',
      type: 'line',
      source: 'basemap',
      filter: ['all', ['==', ['get', 'kind'], 'road'], ['==', ['get', 'class'], 'arterial']],
      paint: { 'line-color': p.arterial, 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1.5, 17, 8] },
    },
    {
      id: 'places',
      type: 'circle',
      source: 'basemap',
      minzoom: 15,
      filter: ['==', ['get', 'kind'], 'place'],
      paint: { 'circle-color': p.place, 'circle-radius': 3, 'circle-stroke-color': p.bg, 'circle-stroke-width': 1 },
    },
    { id: 'grids-line', type: 'line', source: 'grids', paint: { 'line-color': p.grid, 'line-width': 0.8, 'line-opacity': 0.7 } },
    { id: 'communities-line', type: 'line', source: 'communities', paint: { 'line-color': p.community, 'line-width': 1.6 } },
    { id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': p.boundary, 'line-width': 3 } },
    { id: 'grid-hover', type: 'line', source: 'grids', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': p.hover, 'line-width': 3 } },
    {
      id: 'community-hover',
      type: 'line',
      source: 'communities',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': p.hover, 'line-width': 3 },
    },
  ]
}

/** Which polygons a choropleth colours or hover picks. */
export type Level = 'grids' | 'communities'
/** A choropleth: a colour per feature code of one level. */
export type Fill = { level: Level; colors: Record<string, string>; opacity?: number }
