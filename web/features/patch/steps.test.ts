import { describe, expect, it } from 'vitest'
import { nextSteps } from './steps.api.ts'

describe('nextSteps', () => {
  it('offers each role the steps the state machine and the permission table allow', () => {
    expect(nextSteps('assigned', 'grid_manager')).toEqual(['start', 'rectify'])
    expect(nextSteps('rectifying', 'grid_manager')).toEqual(['rectify'])
    expect(nextSteps('rectified', 'grid_manager')).toEqual([])
    expect(nextSteps('rectified', 'inspector')).toEqual(['approve', 'reject'])
    expect(nextSteps('assigned', 'inspector')).toEqual([])
    expect(nextSteps('reported', 'group_leader')).toEqual(['assign'])
    expect(nextSteps('rectified', 'leader')).toEqual(['approve', 'reject'])
    expect(nextSteps('closed', 'admin')).toEqual([])
    expect(nextSteps('assigned', 'kiosk')).toEqual([])
    expect(nextSteps('assigned', undefined)).toEqual([])
  })
})
