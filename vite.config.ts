/** Vite build of the web app: source in web/, output served by api/server.ts from dist/web. */
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { offlinePwa } from './scripts/vite-pwa.ts'

export default defineConfig({
  root: 'web',
  base: '/',
  // offlinePwa: the phone app's service worker and manifest (scripts/vite-pwa.ts)
  plugins: [vue(), ...offlinePwa()],
  // Compile-time flags: drop Vue's Options API and vue-i18n's legacy API (we use neither), smaller bundles.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // maplibre + deck.gl are big by nature; the budget that matters is per route (docs/performance.md).
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Routes are lazy imports (web/router.ts); these vendor groups keep the map engine in cacheable
        // chunks and echarts out of the routes that do not chart (the phone view). Groups keep their
        // dependencies (the default): split away from them, the chunk graph came out differently from
        // build to build and one build failed at run time ("C is not a constructor").
        codeSplitting: {
          groups: [
            // Vite's preload helper is used by every lazy import; left alone it joined the deck.gl group,
            // so the app entry imported all of deck.gl just for it (the phone view draws no deck.gl).
            { name: 'preload', test: /preload-helper/, priority: 10 },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            // The framework every route needs, named explicitly: left to automatic splitting it landed in
            // different chunks (and partly twice) in different checkouts of the same commit.
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            // deck.gl's engine, loaded by the routes that draw with it; its layer classes are left to
            // automatic splitting so each route only downloads the layers it draws.
            {
              name: 'deck',
              test: /node_modules[\\/](@deck\.gl[\\/](core|maplibre)|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl|mjolnir\.js|gl-matrix)/,
            },
          ],
        },
      },
    },
  },
  server: {
    // Only /api/v1: web/api/*.ts modules are served under /api/ in dev. API_PROXY = API on another port.
    proxy: { '/api/v1': process.env.API_PROXY ?? 'http://127.0.0.1:8080' },
  },
})
