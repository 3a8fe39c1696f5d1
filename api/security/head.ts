/**
 * The head every answer carries: the security headers (headers.ts) and X-Request-Id
 * (request-id.ts), which their middlewares set on the way out. A hot path (a read-cache hit, the
 * whole of the 08:30 crowd's request) may instead build its response at once with `wholeResponse`:
 * one plain header object, which @hono/node-server writes as it is, without a fetch `Headers` whose
 * every name and value undici validates, lower-cases and sorts. Those middlewares leave such a
 * response alone: it already holds what they would add.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../env.ts'

const whole = new WeakSet<Response>()

/** Whether `res` was built by wholeResponse (it carries the security headers and the request id). */
export function isWhole(res: Response): boolean {
  return whole.has(res)
}

/** A response carrying `headers`, this request's security headers and its X-Request-Id. */
export function wholeResponse(
  c: Context<AppEnv>,
  body: string | Uint8Array<ArrayBuffer> | null,
  status: number,
  headers: Record<string, string>,
): Response {
  const id = c.get('requestId')
  const res = new Response(body, { status, headers: { ...c.get('securityHead'), ...(id ? { 'x-request-id': id } : {}), ...headers } })
  whole.add(res)
  return res
}
