/** Child process: holds the SSE clients so their parsing does not share the server's event loop. */
import { openClients } from './sse-clients.ts'

const [port, n] = process.argv.slice(2).map(Number)
const clients = await openClients(port, n)
process.send!({ type: 'open' })
process.on('message', (m: { type: string }) => {
  if (m.type !== 'collect') return
  // absolute times (ms since the epoch, sub-millisecond) so the parent can compare them with its own
  const out = [...clients.arrivals].map(([id, ts]) => [id, ts.map((t) => performance.timeOrigin + t)] as const)
  clients.close()
  process.send!({ type: 'arrivals', arrivals: out }, () => process.exit(0))
})
