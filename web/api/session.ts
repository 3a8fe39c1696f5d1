/** Who is signed in: loaded once from /auth/me, changed by login and logout. */
import { shallowRef } from 'vue'
import { api } from './client.ts'
import { forgetCachedReads } from '../features/offline/cache.ts'

export type SessionUser = {
  username: string
  role: string
  grids: string[]
  group_code: string | null
  /** the account's street, and whether it reads the whole district (issue 14; from /auth/me) */
  street?: { code: string; name: string }
  district?: boolean
}

/** The signed-in user, or null; undefined until the first /auth/me answered. */
export const currentUser = shallowRef<SessionUser | null | undefined>(undefined)

let pending: Promise<SessionUser | null> | null = null

/** Asks the server who we are (once; `force` asks again). A network failure counts as signed out. */
export function loadSession(force = false): Promise<SessionUser | null> {
  if (!force && currentUser.value !== undefined) return Promise.resolve(currentUser.value)
  pending ??= api.auth.me
    .$get()
    .then(async (res) => (res.ok ? ((await res.json()) as { user: SessionUser }).user : null))
    .catch(() => null)
    .then((u) => {
      currentUser.value = u
      pending = null
      return u
    })
  return pending
}

export type LoginResult = { ok: true; user: SessionUser } | { ok: false; status: number; message: string; retryAfter: number | null }

/** POST /auth/login; the server sets the session cookie. 401 and 429 come back as messages to show. */
export async function login(username: string, password: string, street?: string): Promise<LoginResult> {
  const res = await api.auth.login.$post({ json: { username, password, ...(street ? { street } : {}) } })
  const body = (await res.json().catch(() => null)) as { user?: SessionUser; error?: { message?: string } } | null
  if (res.ok && body?.user) {
    // answers kept offline for whoever used this phone before are not this user's
    await forgetCachedReads()
    currentUser.value = body.user
    return { ok: true, user: body.user }
  }
  const wait = Number(res.headers.get('retry-after'))
  return {
    ok: false,
    status: res.status,
    message: body?.error?.message ?? `HTTP ${res.status}`,
    retryAfter: Number.isFinite(wait) && wait > 0 ? wait : null,
  }
}

/** Ends the session on the server and here. */
export async function logout(): Promise<void> {
  await api.auth.logout.$post().catch(() => undefined)
  await forgetCachedReads()
  currentUser.value = null
}
