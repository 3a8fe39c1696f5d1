/** Red team: DNS rebinding. A name the attacker controls, pointed at this server, must not be answered. */
import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { loadConfig } from '../config.ts'
import { hostName } from './hosts.ts'

const status = async (app: Awaited<ReturnType<typeof testApp>>, url: string, host?: string) =>
  (await app.request(url, host ? { headers: { host } } : {})).status

describe('ALLOWED_HOSTS', () => {
  it('answers a rebound foreign host name with 421 JSON, before any handler, on the API and the web app', async () => {
    const app = await testApp()
    const res = await app.request('/api/v1/issues', { headers: { host: 'rebind.attacker.example' } })
    expect(res.status).toBe(421)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('host_not_allowed')
    expect(await status(app, 'http://rebind.attacker.example/api/v1/health')).toBe(421)
    expect(await status(app, 'http://rebind.attacker.example:8080/plan')).toBe(421)
    expect(await status(app, '/api/v1/analysis/area', 'rebind.attacker.example:8080')).toBe(421)
  })

  it("by default answers the machine's own names: localhost, loopback, its host name, HOST", async () => {
    const app = await testApp({ HOST: '10.99.0.1' })
    expect(await status(app, '/api/v1/health')).toBe(200)
    for (const h of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST', hostname(), '10.99.0.1:8080']) {
      expect(await status(app, '/api/v1/health', h), h).toBe(200)
    }
    expect(loadConfig({}, () => ['localhost', 'box', 'fe80::1']).allowedHosts).toEqual(['localhost', 'box', 'fe80::1', '127.0.0.1'])
  })

  it('ALLOWED_HOSTS replaces the default list; * answers any name', async () => {
    const app = await testApp({ ALLOWED_HOSTS: 'civic.example.cn, Grid.Local' })
    // Through a server, the request's URL carries the Host header's name; app.request() takes it from the URL.
    expect(await status(app, 'http://civic.example.cn/api/v1/health', 'civic.example.cn')).toBe(200)
    expect(await status(app, 'https://grid.local/api/v1/health', 'grid.local:443')).toBe(200)
    expect(await status(app, '/api/v1/health')).toBe(421)
    expect(await status(await testApp({ ALLOWED_HOSTS: '*' }), 'http://anything.example/api/v1/health', 'anything.example')).toBe(200)
  })

  it('reads host names from Host headers and URLs alike', () => {
    expect(['a.b:80', '[::1]:8080', '[fe80::1]', '::1', 'X.Y', '127.0.0.1:1'].map(hostName)).toEqual([
      'a.b',
      '::1',
      'fe80::1',
      '::1',
      'x.y',
      '127.0.0.1',
    ])
  })
})
