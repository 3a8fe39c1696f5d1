/**
 * PUBLIC_PORT with the real server (api/server.ts) on the embedded engine: the second listener
 * serves the public endpoints and /report and nothing else, while the main port serves everything.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, spawnServer, type ServerProcess } from '../../db/testing/server-process.ts'

const built = existsSync(new URL('../../dist/web/index.html', import.meta.url))

describe.runIf(process.env.TEST_ENGINE === 'pglite')('PUBLIC_PORT', () => {
  let dataDir: string
  let server: ServerProcess
  let pub: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cgm-public-port-'))
    const port = await freePort()
    pub = `http://127.0.0.1:${port}`
    server = await spawnServer({ DATA_DIR: dataDir, SEED: 'dongtang', PUBLIC_PORT: String(port) })
  })
  afterAll(async () => {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serves the public endpoints and nothing else of the API', async () => {
    const cats = await fetch(`${pub}/api/v1/public/categories`)
    expect(cats.status).toBe(200)
    expect(((await cats.json()) as { categories: unknown[] }).categories.length).toBeGreaterThan(0)
    for (const path of ['/api/v1/issues', '/api/v1/health', '/plan', '/screen', '/admin']) {
      expect((await fetch(`${pub}${path}`)).status, path).toBe(404)
    }
    const login = await fetch(`${pub}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'not-the-password' }),
    })
    expect(login.status).toBe(404)
  })

  // The page needs the built web app (npx vite build); the in-process test covers it without one.
  it.runIf(built)('serves the /report page', async () => {
    const res = await fetch(`${pub}/report`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(await res.text()).toContain('<div id="app">')
  })

  it('leaves the main port serving everything', async () => {
    const issues = await fetch(`${server.url}/api/v1/issues`)
    expect(issues.status).toBe(200)
    expect((await fetch(`${server.url}/api/v1/public/categories`)).status).toBe(200)
    expect(server.log()).toMatch(/resident surface/)
  })
})
