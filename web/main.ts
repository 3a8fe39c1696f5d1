/** Entry of the single-page app: router, i18n and Pinia on one Vue app. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router.ts'
import { i18n } from './i18n/index.ts'
import './styles/base.css'

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
