/** The deployment's configuration: the server database's pool size. */
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { defaultPool, loadConfig } from './config.ts'

const machine = () => ['localhost']

describe('DATABASE_POOL', () => {
  it('is two connections per core plus one, at least 5 and at most 10, unless told', () => {
    expect([1, 2, 3, 4, 8, 64].map(defaultPool)).toEqual([5, 5, 7, 9, 10, 10])
    expect(loadConfig({}, machine).databasePool).toBe(defaultPool(availableParallelism()))
    expect(loadConfig({ DATABASE_POOL: '24' }, machine).databasePool).toBe(24)
  })

  it('refuses fewer connections than the cheap reads keep for themselves plus one, and what is not a number', () => {
    for (const bad of ['3', '0', 'many', '4.5', '201']) expect(() => loadConfig({ DATABASE_POOL: bad }, machine)).toThrow(/DATABASE_POOL/)
  })
})
