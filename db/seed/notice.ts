/** The number of a 整改通知单: street short name, year, four-digit sequence, e.g. 东塘〔2026〕0123号. */
export function noticeNo(streetName: string, year: number, seq: number): string {
  return `${streetName.replace(/街道$/, '')}〔${year}〕${String(seq).padStart(4, '0')}号`
}
