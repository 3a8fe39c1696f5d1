/**
 * vue-i18n with zh-CN first and English as fallback/switch. Each feature keeps its own catalogue in
 * web/features/<f>/messages.ts (keys namespaced by feature); they are merged here so features stay
 * independent folders.
 */
import { createI18n } from 'vue-i18n'
import common from './common.ts'

type Catalogue = Record<string, Record<string, unknown>>
type Messages = { 'zh-CN': Catalogue; en: Catalogue }

const features = import.meta.glob<{ default: Partial<Messages> }>('../features/*/messages.ts', { eager: true })

/** Merges the shared keys and every feature catalogue into one message table per locale. */
export function mergeMessages(parts: Partial<Messages>[]): Messages {
  const out: Messages = { 'zh-CN': {}, en: {} }
  for (const part of parts) {
    for (const loc of ['zh-CN', 'en'] as const) Object.assign(out[loc], part[loc] ?? {})
  }
  return out
}

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
const STORAGE_KEY = 'cgm.locale'

function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: mergeMessages([common, ...Object.values(features).map((m) => m.default)]),
})

/** Switches the UI language and remembers the choice on this device. */
export function setLocale(loc: Locale): void {
  i18n.global.locale.value = loc
  localStorage.setItem(STORAGE_KEY, loc)
}
