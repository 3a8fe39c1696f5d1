import { describe, expect, it } from 'vitest'
import { along, length, lineString } from '@turf/turf'
import { roadLabel } from './roadLabels.ts'

const LAT = 28.17
describe('road labels', () => {
  it('sit halfway along the road (as Turf measures it)', () => {
    const line = [
      [113.0, LAT],
      [113.004, LAT],
      [113.004, LAT + 0.006],
    ]
    const l = roadLabel(line, '新雨路', 0, true)!
    const ls = lineString(line)
    const mid = along(ls, length(ls) / 2).geometry.coordinates
    expect(l.position[0]).toBeCloseTo(mid[0], 4)
    expect(l.position[1]).toBeCloseTo(mid[1], 4)
  })

  it('run along the road on screen, readable left to right, on a north-up and a turned map', () => {
    const ew = [
      [113.0, LAT],
      [113.01, LAT],
    ]
    const we = [...ew].reverse()
    const ns = [
      [113.0, LAT],
      [113.0, LAT + 0.01],
    ]
    expect(roadLabel(ew, 'a', 0, true)!.angle).toBeCloseTo(0, 6)
    expect(roadLabel(we, 'a', 0, true)!.angle).toBeCloseTo(0, 6)
    expect(roadLabel(ns, 'a', 0, true)!.angle).toBeCloseTo(90, 6)
    // East up (bearing 90): an east–west road stands upright; a north–south road lies flat.
    expect(Math.abs(roadLabel(ew, 'a', 90, true)!.angle)).toBeCloseTo(90, 6)
    expect(roadLabel(ns, 'a', 90, true)!.angle).toBeCloseTo(0, 6)
    // A road running north-east (45° on the ground) on a map turned by −30° reads at 15°.
    const ne = [
      [113.0, LAT],
      [113.0 + 0.01 / Math.cos((LAT * Math.PI) / 180) / (111_320 / 110_574), LAT + 0.01],
    ]
    expect(roadLabel(ne, 'a', -30, true)!.angle).toBeCloseTo(15, 1)
  })

  it('skips unnamed roads and single points', () => {
    expect(roadLabel([[113, LAT]], 'a', 0, true)).toBeNull()
    expect(
      roadLabel(
        [
          [113, LAT],
          [113.1, LAT],
        ],
        '',
        0,
        true,
      ),
    ).toBeNull()
  })
})
