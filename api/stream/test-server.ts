/** Test helpers: the app behind a real Node HTTP server, and raw SSE clients of it. */
import { serve } from '@hono/node-server'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { testApp } from '../../db/testing/app.ts'

/** Serves a test app (with `env` settings) on a free port of 127.0.0.1. */
export async function serveTestApp(env: Record<string, string> = {}) {
  const app = await testApp(env)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as AddressInfo).port
  // close() resolves once every response has closed, so no stream of this server outlives it.
  const responses: Promise<void>[] = []
  server.on('request', (_req, res: http.ServerResponse) => responses.push(new Promise((r) => res.once('close', () => r()))))
  return {
    server,
    port,
    close: async () => {
      server.closeAllConnections()
      await Promise.all(responses)
      await new Promise((r) => server.close(r))
    },
  }
}

export interface SseClient {
  status: number
  headers: http.IncomingHttpHeaders
  /** Everything received so far. */
  text: () => string
  /** Resolves with the text once it matches `re`; rejects after `ms` or when the stream ends first. */
  waitFor: (re: RegExp, ms?: number) => Promise<string>
  /** Resolves when the server has closed the response. */
  ended: Promise<void>
  destroy: () => void
}

/** Opens `path` from `localAddress` (any 127.x.y.z is this machine) and resolves once the headers are in. */
export function sseClient(port: number, path: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, localAddress, agent: false }, (res) => {
      let text = ''
      const waiters = new Set<() => void>()
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
        for (const w of waiters) w()
      })
      const ended = new Promise<void>((r) => {
        res.once('close', () => {
          for (const w of waiters) w()
          r()
        })
      })
      const waitFor = (re: RegExp, ms = 3000) =>
        new Promise<string>((ok, fail) => {
          const timer = setTimeout(() => done(new Error(`no ${re} in time; got ${text.slice(-300)}`)), ms)
          const check = () => {
            if (re.test(text)) done(null)
            else if (res.destroyed || res.complete) done(new Error(`the stream ended without ${re}; got ${text.slice(-300)}`))
          }
          const done = (err: Error | null) => {
            clearTimeout(timer)
            waiters.delete(check)
            if (err) fail(err)
            else ok(text)
          }
          waiters.add(check)
          check()
        })
      resolve({ status: res.statusCode!, headers: res.headers, text: () => text, waitFor, ended, destroy: () => req.destroy() })
    })
    req.on('error', reject)
  })
}
