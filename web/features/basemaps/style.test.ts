import { describe, expect, it } from 'vitest'
import { kindOf, layersOf, sourceOf, type RegisteredBasemap } from './style.ts'

const base: RegisteredBasemap = {
  name: 'city',
  kind: 'vector',
  format: 'mbtiles',
  tile_type: 'pbf',
  crs: 'wgs84',
  minzoom: 10,
  maxzoom: 16,
  bounds: [112.9, 28.1, 113.1, 28.2],
  attribution: '© OpenStreetMap contributors',
  vector_layers: [{ id: 'transportation', geometry: 'LineString' }, { id: 'water', geometry: 'Polygon' }, { id: 'building' }, { id: 'earth' }],
  tiles: '/api/v1/tiles/city/{z}/{x}/{y}',
}

describe('registered basemap style', () => {
  it('asks for same-origin tiles by an absolute URL of this origin and a service by its own URL', () => {
    expect(sourceOf(base, 'http://gov.local:8080')).toMatchObject({
      type: 'vector',
      tiles: ['http://gov.local:8080/api/v1/tiles/city/{z}/{x}/{y}'],
      minzoom: 10,
      maxzoom: 16,
    })
    const wms = { ...base, kind: 'raster' as const, format: 'xyz' as const, tiles: 'http://10.1.2.3/tdt/{z}/{x}/{y}.png' }
    expect(sourceOf(wms, 'http://gov.local')).toMatchObject({ type: 'raster', tileSize: 256, tiles: ['http://10.1.2.3/tdt/{z}/{x}/{y}.png'] })
    expect(layersOf(wms)).toEqual([{ id: 'registered-raster', type: 'raster', source: 'registered-basemap' }])
  })

  it('classes OpenMapTiles and Protomaps layer names', () => {
    expect(['water', 'water_name', 'landcover', 'park', 'building', 'buildings', 'transportation', 'roads', 'earth', 'place'].map(kindOf)).toEqual([
      'water',
      'water',
      'green',
      'green',
      'building',
      'building',
      'road',
      'road',
      'land',
      'other',
    ])
  })

  it('draws land under water under buildings under roads, labels last, no glyph or sprite URL needed', () => {
    const ids = layersOf(base).map((l) => l.id)
    const at = (id: string) => ids.indexOf(`registered-${id}`)
    expect(at('earth-fill')).toBeLessThan(at('water-fill'))
    expect(at('water-fill')).toBeLessThan(at('building-fill'))
    expect(at('building-fill')).toBeLessThan(at('transportation-line'))
    // a layer of known geometry gets only its kind; one of unknown geometry all three
    expect(ids).not.toContain('registered-transportation-fill')
    expect(ids).toContain('registered-building-line')
    expect(Math.min(...ids.filter((i) => i.endsWith('-label')).map((i) => ids.indexOf(i)))).toBeGreaterThan(at('transportation-line'))
    const label = layersOf(base).find((l) => l.id === 'registered-transportation-label')!
    expect(label).toMatchObject({ type: 'symbol', layout: { 'symbol-placement': 'line', 'text-font': expect.arrayContaining(['Noto Sans CJK SC']) } })
  })

  it('styles a vector service that declares no layers by the OpenMapTiles and Protomaps names', () => {
    const ids = layersOf({ ...base, format: 'xyz', vector_layers: [] }).map((l) => l.id)
    for (const id of ['registered-transportation-line', 'registered-roads-line', 'registered-water-fill', 'registered-places-label'])
      expect(ids).toContain(id)
    expect(ids.indexOf('registered-water-fill')).toBeLessThan(ids.indexOf('registered-roads-line'))
  })
})
