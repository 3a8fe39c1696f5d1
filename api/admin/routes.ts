/** /admin: accounts, groups, time limits, the holiday calendar, group rules, loop settings and the locator's gazetteer — admins only. */
import { Hono } from 'hono'
import { requireRole } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { calendarRoutes } from './calendar.ts'
import { categoriesRoutes } from './categories.ts'
import { gazetteerRoutes } from './gazetteer.ts'
import { groupsRoutes } from './groups.ts'
import { rulesRoutes } from './rules.ts'
import { placesRoutes } from './places.ts'
import { settingsRoutes } from './settings.ts'
import { usersRoutes } from './users.ts'

export const adminRoutes = new Hono<AppEnv>()
  .use('*', requireRole('admin'))
  .route('/users', usersRoutes)
  .route('/groups', groupsRoutes)
  .route('/categories', categoriesRoutes)
  .route('/calendar', calendarRoutes)
  .route('/group-rules', rulesRoutes)
  .route('/loop-settings', settingsRoutes)
  .route('/places', placesRoutes)
  .route('/gazetteer', gazetteerRoutes)
