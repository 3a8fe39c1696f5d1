import { Hono } from 'hono'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testDb } from '../db/testing/db.ts'
import type { AppEnv } from './env.ts'
import { SilentFailure } from '../db/single.ts'
import { onError } from './errors.ts'
import { requestId } from './security/request-id.ts'

const SECRET = '13800138000-住址-秘密'

afterEach(() => vi.restoreAllMocks())

describe('the log of a failed request', () => {
  it('names the request id, SQLSTATE and message, never the statement or its parameters', async () => {
    const db = await testDb()
    const app = new Hono<AppEnv>()
      .onError(onError)
      .use(requestId)
      .get('/boom', async (c) => c.json(await db.query('SELECT * FROM no_such_table WHERE name = $1', [SECRET])))
    const logged: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => inspect(a, { depth: 5 })).join(' ')))
    const res = await app.request('/boom')
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: { code: 'internal_error', message: '服务器内部错误' } })
    const id = res.headers.get('x-request-id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(id)
    expect(logged[0]).toContain('42P01')
    expect(logged[0]).not.toContain(SECRET)
    expect(logged[0]).not.toContain('no_such_table WHERE')
  })

  it('an engine failure noticed after the answer asks the database to recover and answers 503, not a number', async () => {
    const damaged: unknown[] = []
    const app = new Hono<AppEnv>()
      .onError(onError)
      .use(async (c, next) => {
        c.set('deps', { db: { damaged: (e: unknown) => void damaged.push(e) } } as never)
        await next()
      })
      .get('/area', () => {
        throw new SilentFailure('area counts')
      })
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await app.request('/area')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('database_unavailable')
    expect(damaged).toHaveLength(1)
    expect(damaged[0]).toBeInstanceOf(SilentFailure)
  })
})
