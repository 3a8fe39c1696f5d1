/** Entry of the single-page app: router, i18n and Pinia on one Vue app. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { loginRoute, router } from './router.ts'
import { i18n } from './i18n/index.ts'
import { setUnauthorizedHandler } from './api/client.ts'
import { sessionEnded } from './api/session.ts'
import './styles/base.css'

// A 401 from the API means the session ended or a login is needed: sign in, then come back.
setUnauthorizedHandler(() => {
  const here = router.currentRoute.value
  if (here.name === 'login') return
  sessionEnded()
  void router.push(loginRoute(here.fullPath))
})

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
