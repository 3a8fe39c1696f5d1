/** Client routes; every view is a lazy chunk so the phone view never downloads the wall display's charts. */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { captureKioskToken } from './api/kiosk.ts'
import { loadSession } from './api/session.ts'
import { ensureStreet } from './features/district/streets.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs a signed-in user; with roles, only those roles. */
    auth?: boolean
    roles?: string[]
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/screen' },
  { path: '/screen', name: 'screen', component: () => import('./features/screen/ScreenView.vue') },
  { path: '/plan', name: 'plan', component: () => import('./features/plan/PlanView.vue'), meta: { auth: true } },
  { path: '/patch', name: 'patch', component: () => import('./features/patch/PatchView.vue'), meta: { auth: true } },
  {
    path: '/rounds/:id(\\d+)?',
    name: 'rounds',
    component: () => import('./features/inspections/RoundView.vue'),
    meta: { auth: true, roles: ['admin', 'leader', 'group_leader', 'inspector'] },
  },
  { path: '/points', name: 'points', component: () => import('./features/points/PointsView.vue') },
  { path: '/admin', name: 'admin', component: () => import('./features/admin/AdminView.vue'), meta: { auth: true, roles: ['admin'] } },
  {
    path: '/campaigns/:id(\\d+)',
    name: 'campaign',
    component: () => import('./features/campaigns/CampaignView.vue'),
    meta: { auth: true, roles: ['admin', 'leader', 'group_leader', 'inspector'] },
  },
  {
    path: '/campaigns/:id(\\d+)/print',
    name: 'campaign-print',
    component: () => import('./features/campaigns/CampaignPrint.vue'),
    meta: { auth: true, roles: ['admin', 'leader', 'group_leader', 'inspector'] },
  },
  // 市民随手拍 (issue 20): residents, no login
  { path: '/report', name: 'report', component: () => import('./features/public/ReportView.vue') },
  { path: '/report/poster', name: 'report-poster', component: () => import('./features/public/PosterView.vue') },
  { path: '/report/map', name: 'report-map', component: () => import('./features/public/MapView.vue') },
  { path: '/report/:code', name: 'report-track', component: () => import('./features/public/TrackView.vue') },
  { path: '/login', name: 'login', component: () => import('./features/login/LoginView.vue') },
  // A district of streets (issue 14): every street side by side; the API admits public readers and district accounts.
  { path: '/district', name: 'district', component: () => import('./features/district/DistrictView.vue') },
  { path: '/:rest(.*)*', redirect: '/screen' },
]

// A wall display opened as /screen#token=… keeps the token and drops it from the address bar. This
// must happen before the history is created: it reads the address and would write the hash back.
captureKioskToken()
export const router = createRouter({ history: createWebHistory(), routes })

/** Where a page that needs a login sends the user: /login, then back to `next`. */
export function loginRoute(next: string, denied = false) {
  return { name: 'login', query: { next, ...(denied ? { denied: '1' } : {}) } }
}

router.beforeEach(async (to) => {
  // several streets: a first visit chooses one before any view asks the API about "the" street
  await ensureStreet()
  if (!to.meta.auth) return true
  const user = await loadSession()
  if (!user) return loginRoute(to.fullPath)
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return loginRoute(to.fullPath, true)
  return true
})
