import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testDb } from '../db/testing/db.ts'
import type { AppEnv } from './env.ts'
import { onError } from './errors.ts'

const SECRET = '13800138000-住址-秘密'

afterEach(() => vi.restoreAllMocks())

describe('the log of a failed request', () => {
  it('names the request id, SQLSTATE and message, never the statement or its parameters', async () => {
    const db = await testDb()
    const app = new Hono<AppEnv>()
      .onError(onError)
      .use(requestId())
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
})
