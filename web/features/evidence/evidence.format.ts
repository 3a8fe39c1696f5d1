/** "2026-11-20T09:30:00+08:00" (the API's local ISO time) as "11-20 09:30". */
export const shortTime = (iso: string): string => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
