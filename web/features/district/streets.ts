/**
 * The streets of the deployment and the one this browser (or district account) works in: the
 * street switcher's state. The server keeps the choice (a cookie; a district account's own record),
 * so every API call without ?street= already means the chosen street.
 */
import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { api, fetchJson } from '../../api/client.ts'

export type Street = { code: string; name: string; area_m2: number; synthetic: boolean; current: boolean }

/** The streets the caller may see; empty until loaded. */
export const streets = shallowRef<Street[]>([])

/**
 * The name of the street this browser works in (the chosen one, else the only one), for titles; empty
 * until the list is loaded or when the caller may not read it (the titles then fall back to the catalogue).
 */
export const streetName = computed(
  () => (streets.value.find((s) => s.current) ?? (streets.value.length === 1 ? streets.value[0] : undefined))?.name ?? '',
)

let pending: Promise<Street[]> | null = null

/** Loads the street list (once; `force` asks again, e.g. after signing in). */
export function loadStreets(force = false): Promise<Street[]> {
  if (!force && streets.value.length) return Promise.resolve(streets.value)
  // read without fetchJson: a 401 here (PUBLIC_READS=false, not signed in) must not send anyone to /login
  pending ??= api.streets
    .$get()
    .then(async (res) => (res.ok ? (streets.value = await res.json()) : streets.value))
    .catch(() => streets.value)
    .finally(() => (pending = null))
  return pending
}

/** Makes `code` the street of every later request (server-side), without reloading. */
export async function chooseStreet(code: string): Promise<void> {
  await fetchJson(api.streets.current.$put({ json: { street: code } }))
  streets.value = streets.value.map((s) => ({ ...s, current: s.code === code }))
}

/**
 * Before the first view loads: with several streets and none chosen yet (a first visit), the first
 * street is chosen so the views' requests name a street.
 */
export async function ensureStreet(): Promise<void> {
  const list = await loadStreets()
  if (list.length > 1 && !list.some((s) => s.current)) await chooseStreet(list[0].code).catch(() => undefined)
}

/** The street's name for a view's title: the chosen street's, else the catalogue's default street. */
export function useStreetLabel() {
  const { t } = useI18n()
  return computed(() => streetName.value || t('common.street'))
}
