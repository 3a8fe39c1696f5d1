/** Texts of the 12345 待定位 queue on /plan. */
export default {
  'zh-CN': {
    hotline: {
      title: '12345 待定位工单（{n}）',
      empty: '没有待定位的工单',
      noAddress: '（工单未写地址）',
      place: '在地图上定位',
      guess: '系统猜测位置可信度 {p}%',
      placeTitle: '定位工单 {no}',
      tapHint: '在地图上点选问题位置，可拖动红色图钉微调；确认后工单进入交办流程。',
      confirm: '确认位置',
      placed: '工单 {no} 已定位，生成问题 #{id}',
    },
  },
  en: {
    hotline: {
      title: '12345 orders to place ({n})',
      empty: 'No orders waiting to be placed',
      noAddress: '(no address on the order)',
      place: 'Place on map',
      guess: 'locator’s guess, {p}% confident',
      placeTitle: 'Place order {no}',
      tapHint: 'Tap the problem’s place on the map and drag the pin to adjust; confirming sends the order into the loop.',
      confirm: 'Confirm place',
      placed: 'Order {no} placed as issue #{id}',
    },
  },
}
