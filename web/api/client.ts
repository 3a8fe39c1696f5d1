/** The typed API client: request and response types come from the API's own routes (AppType). */
import { hc } from 'hono/client'
import type { AppType } from '../../api/app.ts'
import { i18n } from '../i18n/index.ts'
import { authHeaders } from './kiosk.ts'

// Same-origin fetch sends the session cookie; a wall display adds its kiosk bearer token.
export const api = hc<AppType>('/api/v1', { headers: authHeaders })

let onUnauthorized: (() => void) | null = null

/** What to do when the API says the request needs a login (401): the app sends the user to /login. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn
}

/** Tells the app a call was refused for want of a login (for calls that read their response themselves). */
export function unauthorized(): void {
  onUnauthorized?.()
}

/** An API failure with the contract's error code and HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
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
    if (res.status === 401) unauthorized()
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error
    throw new ApiRequestError(err?.message ?? `HTTP ${res.status}`, err?.code ?? 'http_error', res.status)
  }
  return body as Exclude<T, { error: unknown }>
}
