/** Planning view catalogue (keys under `plan.`). */
export default {
  'zh-CN': {
    plan: {
      title: '攻坚研判',
      all: '全部',
      manager: '网格长',
      f: { range: '时间', from: '开始日期', to: '结束日期', community: '社区', status: '状态', category: '类别', map: '地图', measure: '指标', level: '单元', layer: '图层' },
      range: { '7d': '近7天', '30d': '近30天', '90d': '近90天', '365d': '近一年', custom: '自定义' },
      measure: { open: '在办问题', total: '全部问题', per_km2: '每平方公里问题', overdue: '超期问题' },
      level: { grids: '网格', communities: '社区' },
      layer: { heat: '热力图', hex: '六边形聚合', points: '问题点位', none: '不叠加' },
      col: {
        code: '编码', name: '名称', total: '问题总数', open: '在办', overdue: '超期', closed: '已销号', answered: '已答复',
        rectification_rate: '整改率', rate: '整改率', per_km2: '每km²', area_m2: '面积(km²)',
      },
      table: '{level}排行',
      exportCsv: '导出CSV',
      exportPng: '导出地图PNG',
      draw: { start: '画区域', finish: '完成', clear: '清除', hint: '单击地图添加顶点（已{n}个），双击或点“完成”结束' },
      area: { title: '圈选区域统计', hint: '点击地图右上角“画区域”，圈出一片区域即可查看区域内的问题数量。', size: '面积', finished: '已办结', points: '实地点位', top: '主要问题' },
      loadFailed: '数据加载失败：{msg}',
    },
  },
  en: {
    plan: {
      title: 'Planning',
      all: 'All',
      manager: 'manager',
      f: { range: 'Period', from: 'From', to: 'To', community: 'Community', status: 'Status', category: 'Category', map: 'Map', measure: 'Measure', level: 'Unit', layer: 'Layer' },
      range: { '7d': '7 days', '30d': '30 days', '90d': '90 days', '365d': '1 year', custom: 'Custom' },
      measure: { open: 'Open issues', total: 'All issues', per_km2: 'Issues per km²', overdue: 'Overdue issues' },
      level: { grids: 'Grids', communities: 'Communities' },
      layer: { heat: 'Heatmap', hex: 'Hexagon bins', points: 'Issue points', none: 'None' },
      col: {
        code: 'Code', name: 'Name', total: 'Total', open: 'Open', overdue: 'Overdue', closed: 'Closed', answered: 'Answered',
        rectification_rate: 'Rect. rate', rate: 'Rect. rate', per_km2: 'Per km²', area_m2: 'Area (km²)',
      },
      table: '{level} ranking',
      exportCsv: 'Export CSV',
      exportPng: 'Export map PNG',
      draw: { start: 'Draw area', finish: 'Finish', clear: 'Clear', hint: 'Click to add corners ({n} so far); double-click or Finish to close' },
      area: { title: 'Drawn area', hint: 'Use "Draw area" at the top right of the map to outline an area and see its numbers.', size: 'Area', finished: 'Finished', points: 'Field points', top: 'Main problems' },
      loadFailed: 'Failed to load data: {msg}',
    },
  },
}
