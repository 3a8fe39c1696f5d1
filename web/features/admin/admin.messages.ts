/**
 * The admin pages (zh-CN first, English). Role names are in login.roles. Not named messages.ts on
 * purpose: the eager catalogue (web/i18n) would put these strings into every route's first download,
 * the phone view's too; AdminView merges them when its own chunk loads.
 */
export default {
  'zh-CN': {
    admin: {
      title: '系统管理',
      tabs: { users: '用户', groups: '整治组', categories: '时限', calendar: '节假日', rules: '交办规则', settings: '闭环设置' },
      save: '保存', saved: '已保存', cancel: '取消', edit: '编辑', remove: '删除', add: '添加', create: '新建', none: '无',
      users: {
        new: '新建用户', username: '用户名', displayName: '姓名', role: '角色', group: '整治组', grids: '负责网格',
        status: '状态', enabled: '正常', disabled: '已停用', disable: '停用此账号', password: '初始密码',
        passwordHint: '至少 10 个字符', resetPassword: '重置密码', newPassword: '新密码', reset: '重置',
        resetDone: '密码已重置，该用户需重新登录', gridsHint: '按住 Ctrl 可多选', created: '用户已创建', count: '共 {n} 个账号',
      },
      groups: { code: '编码', name: '名称', leader: '组长', leaderTitle: '职务', new: '新建整治组' },
      categories: { name: '问题类别', limit: '处置时限', defaultGroup: '默认整治组', unit: { work_hours: '工作小时', work_days: '工作日' } },
      calendar: { year: '年份', day: '日期', kind: '类型', name: '名称', holiday: '节假日', workday: '调休上班', add: '添加日期', empty: '该年份没有节假日或调休记录', hint: '周末默认休息；此处登记法定节假日和调休上班日。' },
      rules: { hint: '每个问题类别在各社区由哪个整治组负责；未设置时使用类别的默认整治组。', category: '类别 \\ 社区', default: '默认 {g}' },
      settings: { radius: '疑似重复半径（米）', escalate: '催办后多久督办（小时）', leader: '街道领导（督办对象）' },
    },
  },
  en: {
    admin: {
      title: 'Administration',
      tabs: { users: 'Users', groups: 'Groups', categories: 'Time limits', calendar: 'Holidays', rules: 'Group rules', settings: 'Loop settings' },
      save: 'Save', saved: 'Saved', cancel: 'Cancel', edit: 'Edit', remove: 'Remove', add: 'Add', create: 'Create', none: 'None',
      users: {
        new: 'New user', username: 'Username', displayName: 'Name', role: 'Role', group: 'Group', grids: 'Grids',
        status: 'Status', enabled: 'Active', disabled: 'Disabled', disable: 'Disable this account', password: 'Initial password',
        passwordHint: 'at least 10 characters', resetPassword: 'Reset password', newPassword: 'New password', reset: 'Reset',
        resetDone: 'Password reset; the user must sign in again', gridsHint: 'Hold Ctrl to pick several', created: 'User created', count: '{n} accounts',
      },
      groups: { code: 'Code', name: 'Name', leader: 'Leader', leaderTitle: 'Title', new: 'New group' },
      categories: { name: 'Category', limit: 'Time limit', defaultGroup: 'Default group', unit: { work_hours: 'working hours', work_days: 'working days' } },
      calendar: { year: 'Year', day: 'Date', kind: 'Kind', name: 'Name', holiday: 'Holiday', workday: 'Make-up workday', add: 'Add date', empty: 'No holidays or make-up workdays for this year', hint: 'Weekends are off by default; record public holidays and make-up working days here.' },
      rules: { hint: 'Which group answers for each category in each community; without a rule the category\'s default group.', category: 'Category \\ community', default: 'Default {g}' },
      settings: { radius: 'Duplicate radius (m)', escalate: 'Escalate after reminder (hours)', leader: 'Street leader (escalation)' },
    },
  },
}
