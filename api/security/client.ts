/**
 * Who the client is and how it connected, as far as we may believe it: the socket's peer, unless
 * that peer is a proxy listed in TRUST_PROXY, whose X-Forwarded-For / X-Forwarded-Proto then count.
 * Anyone can send those headers, so from any other peer they are ignored.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { BlockList, isIP } from 'node:net'
import type { AppEnv } from '../env.ts'

const lists = new WeakMap<string[], BlockList>()

/** The TRUST_PROXY entries as a BlockList, built once per configuration. */
function trusted(entries: string[]): BlockList {
  let b = lists.get(entries)
  if (!b) {
    b = new BlockList()
    for (const e of entries) {
      const [addr, bits] = e.split('/')
      const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4'
      if (bits === undefined) b.addAddress(addr, type)
      else b.addSubnet(addr, Number(bits), type)
    }
    lists.set(entries, b)
  }
  return b
}

const verdicts = new WeakMap<string[], Map<string, boolean>>()

/** Whether an address is one of the trusted proxies (IPv4-mapped IPv6 matches its IPv4 rule). */
function isTrusted(c: Context<AppEnv>, address: string): boolean {
  const entries = c.var.deps.config.trustProxy
  // Decided once per address and configuration: a BlockList check builds a SocketAddress each time,
  // and every signed-in request asks for its peer (bounded: clients' addresses are many).
  let known = verdicts.get(entries)
  if (!known) verdicts.set(entries, (known = new Map()))
  let yes = known.get(address)
  if (yes === undefined) {
    const v = isIP(address)
    yes = v !== 0 && trusted(entries).check(address, v === 6 ? 'ipv6' : 'ipv4')
    if (known.size >= 1_000) known.clear()
    known.set(address, yes)
  }
  return yes
}

/** The socket's peer ('' in tests that give none). */
function peer(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? ''
  } catch {
    return ''
  }
}

/**
 * The client's address: the socket's peer, or behind trusted proxies the right-most X-Forwarded-For
 * entry that is not itself a trusted proxy (entries left of it were written by the client).
 */
export function clientAddress(c: Context<AppEnv>): string {
  const socket = peer(c)
  if (!isTrusted(c, socket)) return socket
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  for (let k = hops.length - 1; k >= 0; k--) {
    if (!isIP(hops[k])) return socket
    if (!isTrusted(c, hops[k])) return hops[k]
  }
  return hops[0] ?? socket
}

/** Whether the request came over TLS: to us directly, or to a trusted proxy that says so. */
export function viaHttps(c: Context<AppEnv>): boolean {
  if (c.req.url.startsWith('https:')) return true
  if (!isTrusted(c, peer(c))) return false
  return (c.req.header('x-forwarded-proto') ?? '').split(',')[0].trim().toLowerCase() === 'https'
}
