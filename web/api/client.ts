/** The typed API client: request and response types come from the API's own routes (AppType). */
import { hc } from 'hono/client'
import type { AppType } from '../../api/app.ts'
import { i18n } from '../i18n/index.ts'

export const api = hc<AppType>('/api/v1')

/** An API failure with the contract's error code and HTTP status. */
export class ApiRequestError extends Error {
  constructor(message: string, readonly code: string, readonly status: number) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

type Res<T> = { ok: boolean; status: number; json(): Promise<T> }

/** Awaits a client call and returns its JSON body, or throws the contract's error message. */
export async function fetchJson<T>(call: Promise<Res<T>> | Res<T>): Promise<Exclude<T, { error: unknown }>> {
  let res: Res<T>
  try {
    res = await call
  } catch (e) {
    throw new ApiRequestError(i18n.global.t('common.network', { msg: (e as Error).message }), 'network', 0)
  }
  const body = (await res.json().catch(() => null)) as unknown
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error
    throw new ApiRequestError(err?.message ?? `HTTP ${res.status}`, err?.code ?? 'http_error', res.status)
  }
  return body as Exclude<T, { error: unknown }>
}

/** GET of a same-origin API path not (yet) in AppType, e.g. endpoints other engineers are adding. */
export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  return fetchJson<T>(fetch(`/api/v1${path}`, init) as Promise<Res<T>>) as Promise<T>
}
