import { describe, expect, it } from 'vitest'
import { pointClasses } from '../../fixtures/dongtang/point-classes.ts'
import { patchData } from '../features/patch/patch.layers.ts'
import { pointsLayers } from '../features/points/points.layers.ts'
import type { PointFeature } from '../features/points/points.api.ts'
import { fieldPoints } from './layers.ts'
import { POINT_CLASS_CODES, pointClassColor } from './points.ts'

const point = (class_code: string): PointFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [113, 28] },
  properties: { id: 1, code: 'P1', name: '点位', class_code, class_name: class_code, grid_code: 'g', community_code: 'c', synthetic: true },
})
type Fill = (f: PointFeature) => number[]
const rgb = (c: number[]) => c.slice(0, 3)

describe('field-point class colours', () => {
  it('give each of the street’s 16 classes a colour of its own', () => {
    const codes = pointClasses().map((c) => c.code)
    expect([...POINT_CLASS_CODES].sort()).toEqual([...codes].sort())
    expect(new Set(codes.map((c) => pointClassColor(c).join(','))).size).toBe(16)
  })

  it('are the same on the wall, in the ledger and on the phone', () => {
    for (const code of POINT_CLASS_CODES) {
      const f = point(code)
      const wall = rgb((fieldPoints('w', [f]).props.getFillColor as Fill)(f))
      const [ledgerLayer] = pointsLayers([f], null, () => {})
      const ledger = rgb((ledgerLayer.props.getFillColor as Fill)(f))
      const phone = patchData([], [f], null)['patch-points'].features[0].properties?.stroke
      expect(ledger, code).toEqual(wall)
      expect(phone, code).toBe(`rgb(${wall.join(',')})`)
    }
  })
})
