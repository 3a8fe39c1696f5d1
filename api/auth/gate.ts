/** App-wide access rules applied before the feature routers: public reads, and mounts closed to a role. */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env.ts'
import { forbidden, unauthorized } from '../errors.ts'
import { audit } from './audit.ts'

/** Paths that answer without a login even when PUBLIC_READS=false (liveness, signing in and out). */
export const ALWAYS_OPEN = ['/api/v1/health', '/api/v1/auth/login', '/api/v1/auth/logout']
/** 市民随手拍: residents report and follow without an account, whatever PUBLIC_READS says. */
export const PUBLIC_CHANNEL = '/api/v1/public/'

/**
 * With PUBLIC_READS=false every request but ALWAYS_OPEN needs a user (session or token): 401
 * otherwise. With the default (true) anonymous requests go on to the routes, which decide per
 * endpoint (public layers and aggregates answer, personal data and writes do not).
 */
export const requireLoginUnlessPublic: MiddlewareHandler<AppEnv> = async (c, next) => {
  const open = ALWAYS_OPEN.includes(c.req.path.replace(/\/$/, '')) || c.req.path.startsWith(PUBLIC_CHANNEL)
  if (!c.get('user') && !c.get('deps').config.publicReads && !open) throw unauthorized()
  await next()
}

/** 403 for grid managers (used on /analysis: street-wide planning tools would show beyond their patch). */
export const forbidGridManagers: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user')?.role === 'grid_manager') {
    await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: 'grid_manager' })
    throw forbidden('forbidden', "分析工具面向街道领导，网格员请使用本网格的统计 (analysis is for the street's planners)")
  }
  await next()
}

/** What a `hotline` token (the 12345 bridge) may call, as `METHOD /path` under /api/v1: nothing else. */
export const HOTLINE_MAY = ['POST /hotline/cases']

/** 403 for a `hotline` token anywhere but HOTLINE_MAY (public reads included: it is a machine that files orders). */
export const confineHotline: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user')?.role === 'hotline' && !HOTLINE_MAY.includes(`${c.req.method} ${c.req.path.replace(/^\/api\/v1/, '').replace(/\/$/, '')}`)) {
    await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: 'hotline' })
    throw forbidden('forbidden', '12345 接口令牌只能提交工单 (a hotline token may only file work orders)')
  }
  await next()
}
