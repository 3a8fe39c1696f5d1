/** Keys shared by every feature (navigation, states, units). */
export default {
  'zh-CN': {
    common: {
      appTitle: '创城一张图 · 东塘街道',
      street: '东塘街道',
      loading: '加载中…',
      empty: '暂无数据',
      error: '加载失败',
      network: '网络连接失败（{msg}）',
      retry: '重试',
      reconnecting: '连接中断，正在重连…',
      updatedAt: '更新于 {time}',
      language: 'English',
      nav: { screen: '指挥大屏', plan: '攻坚研判', patch: '网格巡查', points: '点位台账' },
      status: {
        reported: '已上报', assigned: '已交办', rectifying: '整改中', rectified: '已整改', closed: '已销号', answered: '已答复',
      },
      unit: { item: '件', perKm2: '件/km²' },
    },
  },
  en: {
    common: {
      appTitle: 'Civic Grid Map · Dongtang',
      street: 'Dongtang Sub-district',
      loading: 'Loading…',
      empty: 'No data',
      error: 'Failed to load',
      network: 'Network connection failed ({msg})',
      retry: 'Retry',
      reconnecting: 'Connection lost, reconnecting…',
      updatedAt: 'Updated {time}',
      language: '中文',
      nav: { screen: 'Command screen', plan: 'Planning', patch: 'My patch', points: 'Field points' },
      status: {
        reported: 'Reported', assigned: 'Assigned', rectifying: 'Rectifying', rectified: 'Rectified', closed: 'Closed', answered: 'Answered',
      },
      unit: { item: '', perKm2: '/km²' },
    },
  },
}
