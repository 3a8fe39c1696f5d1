/** The pieces of the replica routing and the disk-full answer that need no second cluster. */
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../api/config.ts'
import type { AppEnv } from '../api/env.ts'
import { onError } from '../api/errors.ts'
import { isFatal } from './pglite.ts'
import type { Db } from './adapter.ts'
import { lsnOf, ReplicaRouter } from './replica.ts'

describe('the read replica’s configuration and WAL positions', () => {
  it('reads DATABASE_REPLICA_URL only beside DATABASE_URL', () => {
    const env = { DATABASE_URL: 'postgres://a@p:5432/cgm', DATABASE_REPLICA_URL: 'postgres://a@r:5432/cgm' }
    expect(loadConfig(env).replicaUrl).toBe(env.DATABASE_REPLICA_URL)
    expect(loadConfig({ DATABASE_URL: env.DATABASE_URL }).replicaUrl).toBeUndefined()
    expect(() => loadConfig({ DATABASE_REPLICA_URL: env.DATABASE_REPLICA_URL })).toThrow(/DATABASE_REPLICA_URL: needs DATABASE_URL/)
  })

  it('gives a read of the replica the primary for what a read keeps (a campaign’s 顽疾), which a standby refuses', async () => {
    const seen: string[] = []
    const fake = (name: string) => ({ query: async (text: string) => (seen.push(`${name}: ${text}`), []) }) as unknown as Db
    const primary = fake('primary')
    const view = new ReplicaRouter(primary, fake('replica'), () => undefined).forRead()
    expect(view.writes).toBe(primary)
    await view.writes!.query('UPDATE campaign_recurring')
    expect(seen).toEqual(['primary: UPDATE campaign_recurring'])
  })

  it('orders WAL positions as PostgreSQL does (high and low 32 bits in hex)', () => {
    expect(lsnOf('0/0')).toBe(0n)
    expect(lsnOf('0/16B3748')).toBe(0x16b3748n)
    expect(lsnOf('1/0')).toBe(1n << 32n)
    // The low part of a higher segment number is smaller, the position larger.
    expect(lsnOf('2/1') > lsnOf('1/FFFFFFFF')).toBe(true)
    expect(lsnOf(null)).toBe(0n)
  })
})

describe('a full disk', () => {
  const answer = async (err: unknown) => {
    const app = new Hono<AppEnv>().onError(onError).post('/w', () => {
      throw err
    })
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await app.request('/w', { method: 'POST' })
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { error: { code: string; message: string } },
    }
  }

  it('answers 507 storage_full in Chinese for PostgreSQL’s disk_full, ENOSPC and a file-size limit', async () => {
    const cases = [
      Object.assign(new Error('could not extend file "base/5/17467": No space left on device'), { code: '53100' }),
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      Object.assign(new Error('could not extend file "base/5/1": File too large'), { code: 'XX000' }),
    ]
    for (const err of cases) {
      const r = await answer(err)
      expect([r.status, r.body.error.code, r.retryAfter]).toEqual([507, 'storage_full', '60'])
      expect(r.body.error.message).toMatch(/存储空间已满/)
    }
    expect((await answer(Object.assign(new Error('x'), { code: '42P01' }))).status).toBe(500)
  })

  it('does not take a file that could not grow for a damaged embedded engine', () => {
    expect(isFatal(Object.assign(new Error('could not extend file "base/5/1": File too large'), { code: 'XX000' }))).toBe(false)
    expect(isFatal(Object.assign(new Error('ResourceOwnerEnlarge called after release started'), { code: 'XX000' }))).toBe(true)
  })
})
