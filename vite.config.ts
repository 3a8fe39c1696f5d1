/** Vite build of the web app: source in web/, output served by api/server.ts from dist/web. */
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [vue()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // maplibre + deck.gl are big by nature; the budget that matters is per route (docs/performance.md).
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Routes are lazy imports (web/router.ts); these vendor groups keep the shared map engine in
        // one cacheable chunk and echarts out of every route that does not chart (the phone view).
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined
          if (id.includes('/maplibre-gl/')) return 'maplibre'
          if (id.includes('/echarts/') || id.includes('/zrender/')) return 'echarts'
          if (id.includes('/@deck.gl/') || id.includes('/@luma.gl/') || id.includes('/@math.gl/') || id.includes('/@loaders.gl/')) return 'deck'
          return undefined
        },
      },
    },
  },
  server: {
    // Only /api/v1: web/api/*.ts modules are served under /api/ in dev. API_PROXY = API on another port.
    proxy: { '/api/v1': process.env.API_PROXY ?? 'http://127.0.0.1:8080' },
  },
})
