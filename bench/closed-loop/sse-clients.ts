/** Many plain HTTP SSE clients that note when each issue's first message reaches them. */
import http from 'node:http'

export interface Clients {
  /** issue id → arrival times (performance.now()) of its `report` message, one per client */
  arrivals: Map<number, number[]>
  close(): void
}

/** Opens `n` connections to the stream and resolves once every one has its response headers. */
export async function openClients(port: number, n: number): Promise<Clients> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
  const arrivals = new Map<number, number[]>()
  const reqs: http.ClientRequest[] = []
  const opened: Promise<void>[] = []
  for (let k = 0; k < n; k++) {
    opened.push(
      new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/stream', agent }, (res) => {
          let buf = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            const now = performance.now()
            buf += chunk
            let cut
            while ((cut = buf.indexOf('\n\n')) >= 0) {
              const m = /"issue_id":(\d+),.*"action":"report"/.exec(buf.slice(0, cut))
              buf = buf.slice(cut + 2)
              if (!m) continue
              const id = Number(m[1])
              let a = arrivals.get(id)
              if (!a) arrivals.set(id, (a = []))
              a.push(now)
            }
          })
          res.on('error', () => {})
          resolve()
        })
        req.on('error', reject)
        reqs.push(req)
      }),
    )
  }
  await Promise.all(opened)
  return {
    arrivals,
    close: () => {
      for (const r of reqs) r.destroy()
      agent.destroy()
    },
  }
}
