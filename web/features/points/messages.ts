/** Texts of the field-point ledger (/points). */
export default {
  'zh-CN': {
    points: {
      title: '实地点位台账',
      allClasses: '全部类别',
      allCommunities: '全部社区',
      allGrids: '全部网格',
      search: '按名称搜索',
      count: '共 {n} 个点位',
      legend: '点位类别',
      contactsNeedLogin: '需要登录后查看联系方式',
      noMatch: '没有符合条件的点位',
      clear: '清除筛选',
      col: { code: '编号', name: '名称', class: '类别', community: '社区', grid: '网格', contact: '联系人', phone: '电话', address: '地址' },
    },
  },
  en: {
    points: {
      title: 'Field-point ledger',
      allClasses: 'All classes',
      allCommunities: 'All communities',
      allGrids: 'All grids',
      search: 'Search by name',
      count: '{n} points',
      legend: 'Point classes',
      contactsNeedLogin: 'Log in to see contacts',
      noMatch: 'No point matches the filters',
      clear: 'Clear filters',
      col: {
        code: 'No.',
        name: 'Name',
        class: 'Class',
        community: 'Community',
        grid: 'Grid',
        contact: 'Contact',
        phone: 'Phone',
        address: 'Address',
      },
    },
  },
}
