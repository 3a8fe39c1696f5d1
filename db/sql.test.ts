import { describe, expect, it } from 'vitest'
import { toNamed } from './sql.ts'

describe('named SQL inputs', () => {
  it('numbers each name once, in order of first use, and binds by name', () => {
    const q = toNamed('SELECT :a::int + :b, :a\nFROM t WHERE x = :c_2')
    expect(q.text).toBe('SELECT $1::int + $2, $1\nFROM t WHERE x = $3')
    expect(q.params({ c_2: 'z', b: 2, a: 1, extra: true })).toEqual([1, 2, 'z'])
  })

  it('leaves casts, time literals, slices and comments alone', () => {
    const text = "-- Why: a test; :not_a_name here\nSELECT x::date, '08:00', a[1:2], :n -- :also_not"
    const q = toNamed(text)
    expect(q.names).toEqual(['n'])
    expect(q.text).toBe("-- Why: a test; :not_a_name here\nSELECT x::date, '08:00', a[1:2], $1 -- :also_not")
  })

  it('refuses a missing input instead of binding it as NULL', () => {
    expect(() => toNamed('SELECT :a, :b').params({ a: 1 })).toThrow(':b')
  })
})
