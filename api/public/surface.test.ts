/**
 * PUBLIC_PORT (issue 20): the resident surface answers /report, the web app's files and
 * /api/v1/public/* exactly as the main app does, and 404 for everything else. In-process over the
 * test database with a small web root of our own; public-port.test.ts runs the real second listener.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { isPublicPath, publicSurface } from './surface.ts'

type App = ReturnType<typeof buildApp>
let dir: string
let main: App
let pub: ReturnType<typeof publicSurface>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cgm-surface-'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>spa</title><div id="app"></div>')
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  await mkdir(join(dir, 'icons'))
  await writeFile(join(dir, 'icons', 'icon-192.png'), 'png')
  const db = await testDb()
  const config = { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }
  main = buildApp({ db, config, now: () => TEST_NOW }, { webRoot: dir })
  pub = publicSurface(main, { webRoot: dir })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the resident surface', () => {
  it('serves the /report pages (the single-page app), its assets and top-level files', async () => {
    for (const path of ['/report', '/report/map', '/report/AbCdEf123456']) {
      const res = await pub.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/)
      expect(await res.text()).toContain('<title>spa</title>')
    }
    const js = await pub.request('/assets/index-abc.js')
    expect(js.status).toBe(200)
    expect(await js.text()).toBe('console.log(1)')
    expect((await pub.request('/favicon.svg')).status).toBe(200)
    expect(await (await pub.request('/icons/icon-192.png')).text()).toBe('png')
  })

  it('answers /api/v1/public/* as the main app does', async () => {
    const [a, b] = await Promise.all([pub.request('/api/v1/public/categories'), main.request('/api/v1/public/categories')])
    expect(a.status).toBe(200)
    expect(await a.json()).toEqual(await b.json())
  })

  it('is 404 for every other route, pages and API alike, without reaching the main app', async () => {
    const paths = [
      '/',
      '/plan',
      '/screen',
      '/admin',
      '/login',
      '/index.html/../plan',
      '/reports',
      '/icons',
      '/icons/',
      '/api/v1/issues',
      '/api/v1/health',
      '/api/v1/auth/login',
      '/api/v1/moderation/reports',
      '/api/v1/public',
      '/api/v1/publicity',
      '/api/v1/public/../issues',
      '/api/v1/public/%2e%2e/issues',
      '/ogc/collections',
      '/open311/v2/services.json',
    ]
    for (const path of paths) {
      const res = await pub.request(path)
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found')
    }
    // A login through the surface is refused before it is looked at (the main port would answer 401).
    const login = await pub.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
    })
    expect(login.status).toBe(404)
    expect((await main.request('/api/v1/issues')).status).toBe(200)
  })

  it('decides on paths alone', () => {
    expect(isPublicPath('/report')).toBe(true)
    expect(isPublicPath('/reportx')).toBe(false)
    expect(isPublicPath('/api/v1/public/reports/x/feedback')).toBe(true)
    expect(isPublicPath('/api/v1/moderation/reports')).toBe(false)
    expect(isPublicPath('/favicon.svg')).toBe(false)
    expect(isPublicPath('/favicon.svg', (p) => p === '/favicon.svg')).toBe(true)
    expect(isPublicPath('/api/v1/issues', () => true)).toBe(false)
  })
})

describe('PUBLIC_PORT in the configuration', () => {
  it('is off unless set, a port of its own, on HOST unless PUBLIC_HOST says otherwise', () => {
    expect(loadConfig({}).publicPort).toBeUndefined()
    const c = loadConfig({ PORT: '8080', HOST: '10.0.0.11', PUBLIC_PORT: '8081' })
    expect([c.publicPort, c.publicHost]).toEqual([8081, '10.0.0.11'])
    expect(loadConfig({ PUBLIC_PORT: '8081', PUBLIC_HOST: '192.0.2.7' }).publicHost).toBe('192.0.2.7')
    expect(() => loadConfig({ PORT: '8080', PUBLIC_PORT: '8080' })).toThrow(/PUBLIC_PORT/)
    expect(() => loadConfig({ PUBLIC_PORT: '70000' })).toThrow(/PUBLIC_PORT/)
  })
})
