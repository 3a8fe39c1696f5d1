import { describe, expect, it } from 'vitest'
import { nextSteps, offeredSteps } from './steps.api.ts'

describe('nextSteps', () => {
  it('offers each role the steps the state machine and the permission table allow', () => {
    expect(nextSteps('assigned', 'grid_manager')).toEqual(['start', 'rectify'])
    expect(nextSteps('rectifying', 'grid_manager')).toEqual(['rectify'])
    expect(nextSteps('rectified', 'grid_manager')).toEqual([])
    expect(nextSteps('rectified', 'inspector')).toEqual(['approve', 'reject'])
    expect(nextSteps('assigned', 'inspector')).toEqual([])
    expect(nextSteps('reported', 'group_leader')).toEqual(['assign', 'merge'])
    expect(nextSteps('reported', 'grid_manager')).toEqual(['merge'])
    expect(nextSteps('assigned', 'leader')).toEqual(['assign', 'start', 'rectify', 'answer'].filter((a) => a !== 'assign'))
    expect(nextSteps('rectified', 'leader')).toEqual(['approve', 'reject'])
    expect(nextSteps('closed', 'admin')).toEqual(['reopen'])
    expect(nextSteps('answered', 'inspector')).toEqual(['reopen'])
    expect(nextSteps('closed', 'group_leader')).toEqual([])
    expect(nextSteps('assigned', 'kiosk')).toEqual([])
    expect(nextSteps('assigned', undefined)).toEqual([])
  })

  it('narrows the steps to the issue as the server does: group, grids, own rectification', () => {
    const issue = { status: 'rectified', group_code: 'G01', grid_code: 'g1', events: [{ action: 'rectify', actor: 'leader' }] }
    const user = (username: string, role: string, grids: string[] = [], group_code: string | null = null) => ({ username, role, grids, group_code })
    expect(offeredSteps(issue, user('leader', 'leader'))).toEqual([])
    expect(offeredSteps(issue, user('boss', 'leader'))).toEqual(['approve', 'reject'])
    expect(offeredSteps({ ...issue, status: 'assigned' }, user('g', 'group_leader', [], 'G02'))).toEqual([])
    expect(offeredSteps({ ...issue, status: 'assigned' }, user('g', 'group_leader', [], 'G01'))).toEqual(['start', 'rectify'])
    expect(offeredSteps({ ...issue, status: 'assigned' }, user('m', 'grid_manager', ['g2']))).toEqual([])
    expect(offeredSteps({ ...issue, status: 'assigned' }, user('m', 'grid_manager', ['g1']))).toEqual(['start', 'rectify'])
    expect(offeredSteps(issue, null)).toEqual([])
  })
})
