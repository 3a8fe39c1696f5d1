/** Every pooled server connection runs without JIT, even on a database whose own setting was lost (a template copy, a restore without --create). */
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgres } from './postgres.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'

describe.runIf(onServer)('JIT on the server', () => {
  it('is off in every pooled connection of a database that says jit = on', async () => {
    const admin = new pg.Client({ connectionString: process.env.CGM_PG_URL })
    await admin.connect()
    const name = `cgm_jit_${process.pid}`
    await admin.query(`CREATE DATABASE ${name}`)
    try {
      await admin.query(`ALTER DATABASE ${name} SET jit = on`)
      const url = Object.assign(new URL(process.env.CGM_PG_URL!), { pathname: `/${name}` }).toString()
      const plain = new pg.Client({ connectionString: url })
      await plain.connect()
      expect((await plain.query<{ jit: string }>('SHOW jit')).rows[0].jit).toBe('on')
      await plain.end()
      const db = await openPostgres(url, 3)
      try {
        const seen = await Promise.all(Array.from({ length: 3 }, () => db.tx(async (q) => (await q.query<{ jit: string }>('SHOW jit'))[0].jit)))
        expect(seen).toEqual(['off', 'off', 'off'])
      } finally {
        await db.close()
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  })
})
