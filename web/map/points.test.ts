import type { Accessor, Color } from '@deck.gl/core'
import { describe, expect, it } from 'vitest'
import { pointClasses } from '../../fixtures/dongtang/point-classes.ts'
import { patchData } from '../features/patch/patch.layers.ts'
import { pointsLayers } from '../features/points/points.layers.ts'
import type { PointFeature } from '../features/points/points.api.ts'
import { fieldPoints } from './layers.ts'
import { POINT_CLASS_CODES, POINT_GROUPS, pointClassColor, pointGroupColor } from './points.ts'

const point = (class_code: string): PointFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [113, 28] },
  properties: { id: 1, code: 'P1', name: '点位', class_code, class_name: class_code, grid_code: 'g', community_code: 'c', synthetic: true },
})
/** The fill a deck.gl layer gives one feature (its accessor called as deck.gl would). */
function fillOf<F>(layer: { props: { getFillColor?: Accessor<F, Color> } }, f: F): number[] {
  const get = layer.props.getFillColor
  const c = typeof get === 'function' ? get(f, { index: 0, data: [f], target: [] }) : get
  return [...(c ?? [])].slice(0, 3)
}

describe('field-point class colours', () => {
  it('give each of the street’s 16 classes a colour of its own', () => {
    const codes = pointClasses().map((c) => c.code)
    expect([...POINT_CLASS_CODES].sort()).toEqual([...codes].sort())
    expect(new Set(codes.map((c) => pointClassColor(c).join(','))).size).toBe(16)
  })

  it('fold into five clearly distinct groups on the wall, each class in exactly one', () => {
    const codes = pointClasses().map((c) => c.code)
    const members = POINT_GROUPS.flatMap((g) => g.classes)
    expect([...members].sort()).toEqual([...codes].sort())
    expect(POINT_GROUPS).toHaveLength(5)
    // Every pair of group colours differs by at least 100 in RGB distance (16 class colours do not).
    for (const a of POINT_GROUPS)
      for (const b of POINT_GROUPS)
        if (a !== b) expect(Math.hypot(...a.color.map((v, i) => v - b.color[i])), `${a.key}/${b.key}`).toBeGreaterThan(100)
    for (const code of codes) {
      const f = point(code)
      const g = POINT_GROUPS.find((x) => x.classes.includes(code))!
      expect(fillOf(fieldPoints('w', [f], 5, undefined, pointGroupColor), f)).toEqual(g.color)
    }
  })

  it('are the same in the ledger and on the phone', () => {
    for (const code of POINT_CLASS_CODES) {
      const f = point(code)
      const wall = fillOf(fieldPoints('w', [f]), f)
      const ledger = fillOf(pointsLayers([f], null, () => {})[0], f)
      const phone = patchData([], [f], null)['patch-points'].features[0].properties?.stroke
      expect(ledger, code).toEqual(wall)
      expect(phone, code).toBe(`rgb(${wall.join(',')})`)
    }
  })
})
