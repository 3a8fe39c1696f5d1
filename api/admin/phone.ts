/** Users' phone numbers: what a plausible Chinese number looks like (the same rule as migration 0040's CHECK). */
import { unprocessable } from '../errors.ts'

/** Empty (not recorded), or 7–20 of digits, '+', '-' and spaces with at least 7 digits: 0731-8xxxxxxx, 138 0000 0000, +86 …. */
export function isPlausiblePhone(phone: string): boolean {
  return phone === '' || (/^[0-9+ -]{7,20}$/.test(phone) && (phone.match(/\d/g)?.length ?? 0) >= 7)
}

/** The phone as stored (trimmed), or a 422 naming what a number should look like. */
export function checkPhone(phone: string): string {
  const p = phone.trim()
  if (!isPlausiblePhone(p))
    throw unprocessable(
      'invalid_phone',
      `电话号码格式不正确：应为 7–20 位数字，可含 +、- 和空格，如 0731-84123456 (not a plausible phone number): ${p}`,
    )
  return p
}
