import { describe, expect, it } from 'vitest'
import { afterLogin } from './next.ts'

describe('afterLogin', () => {
  it('goes back to a path of this app', () => {
    expect(afterLogin('/patch?grid=43011100500101', 'grid_manager')).toBe('/patch?grid=43011100500101')
  })
  it("never leaves the origin and falls back to the role's home", () => {
    // Off-origin targets use the reserved .invalid name (RFC 2606): no such host can exist.
    for (const bad of [
      '//elsewhere.invalid/x',
      'https://elsewhere.invalid',
      '/\\elsewhere.invalid',
      'javascript:alert(1)',
      '/login?next=/plan',
      undefined,
      ['/plan'],
    ]) {
      expect(afterLogin(bad, 'leader')).toBe('/plan')
    }
    expect(afterLogin(undefined, 'admin')).toBe('/admin')
    expect(afterLogin(undefined, 'grid_manager')).toBe('/patch')
  })
})
