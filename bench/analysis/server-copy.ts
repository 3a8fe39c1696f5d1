/**
 * For benchmarks that start the real server: a copy of a kept benchmark database (loadedDb keep mode)
 * that the server may write to, so the kept one stays at its size, and the admin's sign-in.
 */
import { cp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Engine } from '../../db/adapter.ts'
import { SERVER } from './db.ts'

/** A copy named `<stem>_<tag>` of the kept database of `size` issues, and the server environment that opens it. */
export async function keptCopy(engine: Engine, size: number, tag: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const stem = process.env.BENCH_KEEP_AS ?? 'cgm_bench'
  const copy = `${stem}_${tag}`
  if (engine === 'pglite') {
    // The server keeps its embedded database in DATA_DIR/pglite (db/boot.ts).
    const dir = join(os.tmpdir(), copy)
    await cp(join(os.tmpdir(), `${stem.replaceAll('_', '-')}-${size}`), join(dir, 'pglite'), { recursive: true })
    return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) }
  }
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: SERVER })
    await c.connect()
    await c.query(sql)
    await c.end()
  }
  await admin(`CREATE DATABASE ${copy} TEMPLATE ${stem}_${size}`)
  return {
    env: { DATABASE_URL: Object.assign(new URL(SERVER), { pathname: `/${copy}` }).toString() },
    drop: () => admin(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`),
  }
}

/** Signs in as admin; the session cookie. */
export async function signIn(url: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`)
  return login.headers.get('set-cookie')!.split(';')[0]
}
