/** Basemap switcher and admin panel (issue 19). */
export default {
  'zh-CN': {
    basemaps: {
      label: '底图',
      builtin: '内置底图',
      raster: '影像',
      vector: '矢量',
      gcj02: 'GCJ-02',
    },
  },
  en: {
    basemaps: {
      label: 'Basemap',
      builtin: 'Built-in basemap',
      raster: 'raster',
      vector: 'vector',
      gcj02: 'GCJ-02',
    },
  },
}
