/**
 * A TCP relay in front of the PostgreSQL server, so a test can take "the server" down and bring it
 * back (every connection cut, new ones refused, then accepted again on the same port) without
 * restarting the real server that other tests share.
 */
import { createServer, type Server, type Socket, connect } from 'node:net'
import { freePort } from './server-process.ts'

export type Relay = {
  /** The URL to connect to instead of `target`. */
  url: string
  /** Cuts every open connection and stops listening: clients see resets, then refusals. */
  down: () => Promise<void>
  /** Listens again on the same port. */
  up: () => Promise<void>
}

export async function relay(target: string): Promise<Relay> {
  const to = new URL(target)
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const up = () =>
    new Promise<void>((resolve, reject) => {
      if (server?.listening) return resolve()
      server = createServer((client) => {
        const upstream = connect(Number(to.port || 5432), to.hostname)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => s.destroy())
        }
        client.pipe(upstream).pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server?.close(() => resolve())
    })
  await up()
  const url = new URL(target)
  url.host = `127.0.0.1:${port}`
  return { url: url.toString(), down, up }
}
