/** The queue of database work: cheap work in the order its requests arrived, before expensive work. */
import { describe, expect, it } from 'vitest'
import { arrive } from './arrival.ts'
import { Lanes } from './lanes.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('Lanes', () => {
  it("starts an older request's queued statement before a newer request's", async () => {
    const lanes = new Lanes(1)
    const started: string[] = []
    let open!: () => void
    const held = new Promise<void>((r) => (open = r))
    // Request A holds the one slot, then queues its next statement only after B queued its first.
    const a = arrive(async () => {
      const first = lanes.run('cheap', () => held)
      await sleep(30)
      await Promise.all([first, lanes.run('cheap', async () => void started.push('A, second'))])
    })
    await sleep(5)
    const b = arrive(() => lanes.run('cheap', async () => void started.push('B, first')))
    await sleep(60)
    open()
    await Promise.all([a, b])
    expect(started).toEqual(['A, second', 'B, first'])
  })

  it('starts queued cheap work before queued expensive work, whichever request came first', async () => {
    const lanes = new Lanes(1)
    const started: string[] = []
    let open!: () => void
    const held = new Promise<void>((r) => (open = r))
    const hold = lanes.run('cheap', () => held)
    const older = arrive(() => lanes.run('expensive', async () => void started.push('analysis')))
    const newer = arrive(() => lanes.run('cheap', async () => void started.push('list')))
    open()
    await Promise.all([hold, older, newer])
    expect(started).toEqual(['list', 'analysis'])
  })

  it('on one engine fed by several slots, starts expensive work only when no cheap job is running', async () => {
    for (const oneEngine of [true, false]) {
      const lanes = new Lanes(3, 1, oneEngine)
      const started: string[] = []
      let open!: () => void
      const held = new Promise<void>((r) => (open = r))
      const cheap = lanes.run('cheap', async () => {
        started.push('cheap')
        await held
      })
      const analysis = lanes.run('expensive', async () => void started.push('analysis'))
      await sleep(20)
      expect(started).toEqual(oneEngine ? ['cheap'] : ['cheap', 'analysis'])
      open()
      await Promise.all([cheap, analysis])
      expect(started).toEqual(['cheap', 'analysis'])
    }
  })
})
