/** Texts of data in and out (ledgers, imports, 12345). */
export default {
  'zh-CN': {
    dataio: {
      ledger: { points: '导出点位台账 (Excel)', issues: '导出整改台账 (Excel)' },
    },
  },
  en: {
    dataio: {
      ledger: { points: 'Export point ledger (Excel)', issues: 'Export issue ledger (Excel)' },
    },
  },
}
