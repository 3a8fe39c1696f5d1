/** Who may see the district's streets side by side: public readers and district accounts, never a street's account. */
import type { MiddlewareHandler } from 'hono'
import { audit } from '../auth/audit.ts'
import type { AppEnv } from '../env.ts'
import { forbidden } from '../errors.ts'

export const districtReaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  const u = c.var.user
  if (u && !u.district) {
    await audit(c, 'permission_denied', `${c.req.method} ${c.req.path}`, { role: u.role })
    throw forbidden('forbidden', '区级视图仅对区级账号开放，街道账号只能查看本街道 (the district view is for district accounts)')
  }
  await next()
}

/** The street ids a district reader sees: every street of the deployment. */
export const ALL_STREETS = 'SELECT id FROM streets ORDER BY code'
