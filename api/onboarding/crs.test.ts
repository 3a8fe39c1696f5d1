import { execFileSync } from 'node:child_process'
import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { crsFromPrj, parseCrs, toWgs84 } from './crs.ts'

// The .prj texts come from GDAL (gdalsrsinfo), the writer of our test Shapefiles, in OGC and ESRI dialects.
const wkt = (code: number, format = 'wkt1') => execFileSync('gdalsrsinfo', ['-o', format, `EPSG:${code}`], { encoding: 'utf8' }).trim()

describe('the coordinate system of a .prj', () => {
  it('names CGCS2000, WGS84 and every CGCS2000 3-degree zone, with and without the zone number', () => {
    expect(crsFromPrj(wkt(4490))).toBe('EPSG:4490')
    expect(crsFromPrj(wkt(4326))).toBe('EPSG:4326')
    for (const code of [4513, 4525, 4534, 4545, 4546, 4547, 4548, 4549, 4554]) expect(crsFromPrj(wkt(code)), `EPSG:${code}`).toBe(`EPSG:${code}`)
    // the ESRI dialect (ArcGIS) has no AUTHORITY: read from datum, central meridian and false easting
    const esri = wkt(4547).replace(/,?\s*AUTHORITY\["EPSG","\d+"\]/g, '')
    expect(crsFromPrj(esri)).toBe('EPSG:4547')
  })

  it('refuses Xi’an 1980 and text that is no WKT, in Chinese', () => {
    expect(() => crsFromPrj(wkt(2383))).toThrow(/西安80|北京54/)
    expect(() => crsFromPrj('hello')).toThrow(/\.prj/)
  })

  it('takes a form value or refuses it', () => {
    expect(parseCrs('EPSG:4547')).toBe('EPSG:4547')
    expect(parseCrs('gcj-02')).toBe('gcj02')
    expect(parseCrs('')).toBeNull()
    expect(() => parseCrs('EPSG:3857')).toThrow(/不支持/)
  })

  it('projects a zone the way GDAL does (within 1 mm)', () => {
    const [x, y] = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:4547', '-output_xy'], {
      input: '113.0 28.2\n',
      encoding: 'utf8',
    })
      .trim()
      .split(/\s+/)
      .map(Number)
    const [lon, lat] = toWgs84('EPSG:4547')([x, y])
    const back = proj4('WGS84', '+proj=tmerc +lon_0=114 +x_0=500000 +ellps=GRS80').forward([lon, lat])
    expect(Math.hypot(back[0] - x, back[1] - y)).toBeLessThan(0.001)
    expect(Math.abs(lon - 113)).toBeLessThan(1e-8)
    expect(Math.abs(lat - 28.2)).toBeLessThan(1e-8)
  })
})
