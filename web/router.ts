/** Client routes; every view is a lazy chunk so the phone view never downloads the wall display's charts. */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/screen' },
  { path: '/screen', name: 'screen', component: () => import('./features/screen/ScreenView.vue') },
  { path: '/plan', name: 'plan', component: () => import('./features/plan/PlanView.vue') },
  { path: '/patch', name: 'patch', component: () => import('./features/patch/PatchView.vue') },
  { path: '/points', name: 'points', component: () => import('./features/points/PointsView.vue') },
  { path: '/:rest(.*)*', redirect: '/screen' },
]

export const router = createRouter({ history: createWebHistory(), routes })
