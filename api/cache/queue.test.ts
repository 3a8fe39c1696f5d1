/**
 * The read cache's computations under writes (middleware.ts): per key one runs and one waits. A
 * request joins the running one only if no write was answered since it began, else the waiting one,
 * which starts after the request arrived; so no reader gets an answer computed before a write it saw
 * answered, and a stream of writes costs one computation per interval of a computation's length.
 * Driven through the middleware with a route whose computations the test releases one by one.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../env.ts'
import { LIVE, readCache, type CachePolicy } from './middleware.ts'

function harness(policy: CachePolicy = LIVE) {
  const version = { value: 1, shape: 1 }
  const deps = { db: { version }, now: () => new Date('2026-11-20T02:00:00Z') }
  const gates: (() => void)[] = []
  let started = 0
  const app = new Hono<AppEnv>()
    .use('*', async (c, next) => {
      c.set('deps', deps as never)
      await next()
    })
    .use('/x', readCache(policy))
    .get('/x', async (c) => {
      // what the computation saw when it began: the data version (a snapshot taken then)
      const seen = { run: ++started, version: version.value }
      await new Promise<void>((r) => gates.push(r))
      return c.json(seen)
    })
  const ask = async () => (await (await app.request('/x')).json()) as { run: number; version: number }
  /** Lets the request handlers run up to their next wait. */
  const settle = () => new Promise((r) => setTimeout(r, 10))
  return { version, gates, ask, settle, started: () => started }
}

describe('read cache computations under writes', () => {
  it('never hands a reader an answer begun before a write it saw, and runs one computation per key at a time', async () => {
    const h = harness()
    const a = h.ask()
    const b = h.ask()
    await h.settle()
    expect(h.started()).toBe(1)
    // a write is answered: later readers may not share the running computation
    h.version.value = 2
    const c = h.ask()
    const d = h.ask()
    await h.settle()
    expect(h.started()).toBe(1) // they wait behind it instead of starting beside it
    h.version.value = 3
    const e = h.ask()
    await h.settle()
    expect(h.started()).toBe(1)
    h.gates.shift()!()
    expect(await a).toEqual({ run: 1, version: 1 })
    expect(await b).toEqual({ run: 1, version: 1 })
    await h.settle()
    // the waiting computation begins after every one of its readers arrived
    expect(h.started()).toBe(2)
    h.gates.shift()!()
    for (const r of [c, d, e]) expect(await r).toEqual({ run: 2, version: 3 })
  })

  it('a reader arriving while the queued computation runs joins it only at its version', async () => {
    const h = harness()
    const a = h.ask()
    await h.settle()
    h.version.value = 2
    const b = h.ask()
    await h.settle()
    h.gates.shift()!()
    await a
    await h.settle()
    expect(h.started()).toBe(2) // b's computation, begun at version 2
    const same = h.ask() // no write since it began: joins it
    h.version.value = 3
    const later = h.ask() // after a write: waits for the next one
    await h.settle()
    expect(h.started()).toBe(2)
    h.gates.shift()!()
    expect(await b).toEqual({ run: 2, version: 2 })
    expect(await same).toEqual({ run: 2, version: 2 })
    await h.settle()
    h.gates.shift()!()
    expect(await later).toEqual({ run: 3, version: 3 })
  })

  it('does not wait behind a computation running longer than an answer may be reused (one blocked on a lock)', async () => {
    const h = harness({ ...LIVE, ttlMs: 50 })
    const hung = h.ask()
    await h.settle()
    await new Promise((r) => setTimeout(r, 60))
    // same version: it would have joined the hung computation
    const b = h.ask()
    await h.settle()
    expect(h.started()).toBe(2)
    h.gates[1]()
    expect(await b).toEqual({ run: 2, version: 1 })
    // after a write, one queued behind a computation that hangs starts once that one is stale
    h.version.value = 2
    const slow = h.ask()
    await h.settle()
    expect(h.started()).toBe(3)
    h.version.value = 3
    const queued = h.ask()
    await h.settle()
    expect(h.started()).toBe(3)
    await new Promise((r) => setTimeout(r, 60))
    expect(h.started()).toBe(4)
    h.gates[3]()
    expect(await queued).toEqual({ run: 4, version: 3 })
    h.gates[0]()
    h.gates[2]()
    expect(await hung).toEqual({ run: 1, version: 1 })
    expect(await slow).toEqual({ run: 3, version: 2 })
  })
})
