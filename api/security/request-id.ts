/**
 * X-Request-Id: the caller's own when well-formed (a proxy's), else a new UUID; the variable
 * `requestId` names the request in the log (errors.ts) and the header on its answer, set on the way
 * out unless the answer already carries it (head.ts).
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { isWhole } from './head.ts'

const WELL_FORMED = /^[\w\-=]{1,255}$/

export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const asked = c.req.header('x-request-id')
  const id = asked && WELL_FORMED.test(asked) ? asked : crypto.randomUUID()
  c.set('requestId', id)
  await next()
  if (!isWhole(c.res)) c.res.headers.set('X-Request-Id', id)
}
