/** GIS file export catalogue (keys under `exports.`). */
export default {
  'zh-CN': {
    exports: {
      title: '导出 GIS 文件',
      layer: '图层',
      format: '格式',
      crs: '坐标系',
      encoding: '编码',
      download: '下载',
      working: '正在导出…',
      done: '已下载 {name}',
      failed: '导出失败：{msg}',
      filtered: '问题图层按当前筛选条件导出',
      ogcTitle: '在 GIS 软件中直接读取',
      ogcHelp:
        '在 QGIS（图层 → 添加图层 → WFS / OGC API – Features）或 ArcGIS Pro（添加 OGC API 服务器）中填写以下地址，即可读取边界、社区、网格、点位、单车停放区和问题图层：',
      layers: { boundary: '街道边界', communities: '社区', grids: '责任网格', points: '实地点位', bike_zones: '共享单车停放区', issues: '问题' },
      formats: { gpkg: 'GeoPackage (.gpkg)', 'shp.zip': 'Shapefile (.shp.zip)' },
      crsNames: { 'EPSG:4326': 'WGS84 (EPSG:4326)', 'EPSG:4490': 'CGCS2000 经纬度 (EPSG:4490)', 'EPSG:4547': 'CGCS2000 3度带 114°E (EPSG:4547)' },
    },
  },
  en: {
    exports: {
      title: 'Export GIS file',
      layer: 'Layer',
      format: 'Format',
      crs: 'Coordinate system',
      encoding: 'Encoding',
      download: 'Download',
      working: 'Exporting…',
      done: 'Downloaded {name}',
      failed: 'Export failed: {msg}',
      filtered: 'The issues layer follows the current filters',
      ogcTitle: 'Read live from GIS software',
      ogcHelp:
        'In QGIS (Layer → Add Layer → WFS / OGC API – Features) or ArcGIS Pro (Add OGC API Server) enter this address to read the boundary, communities, grids, points, bike zones and issues:',
      layers: {
        boundary: 'Street boundary',
        communities: 'Communities',
        grids: 'Grids',
        points: 'Field points',
        bike_zones: 'Bike zones',
        issues: 'Issues',
      },
      formats: { gpkg: 'GeoPackage (.gpkg)', 'shp.zip': 'Shapefile (.shp.zip)' },
      crsNames: {
        'EPSG:4326': 'WGS84 (EPSG:4326)',
        'EPSG:4490': 'CGCS2000 geographic (EPSG:4490)',
        'EPSG:4547': 'CGCS2000 3° zone 114°E (EPSG:4547)',
      },
    },
  },
}
