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

/** The last signed-in user, kept on the device so a server that is briefly down does not sign anyone out. */
const LAST_USER = 'cgm-last-user'
function remember(u: SessionUser | null): void {
  try {
    if (u) localStorage.setItem(LAST_USER, JSON.stringify(u))
    else localStorage.removeItem(LAST_USER)
  } catch {
    // storage unavailable (private mode): nothing kept
  }
}
function remembered(): SessionUser | null {
  try {
    return JSON.parse(localStorage.getItem(LAST_USER) ?? 'null') as SessionUser | null
  } catch {
    return null
  }
}

/**
 * Asks the server who we are (once; `force` asks again). Only the server's own "no session" (401)
 * signs the user out. A network failure or a server that is down (5xx, a proxy's 502 while it
 * restarts) keeps the user last signed in on this device: a grid manager whose phone has writes
 * waiting must not be sent to /login, and lose the sync, because the server was briefly away; if the
 * session really ended, the next API call's 401 sends them to /login then.
 */
export function loadSession(force = false): Promise<SessionUser | null> {
  if (!force && currentUser.value !== undefined) return Promise.resolve(currentUser.value)
  pending ??= api.auth.me
    .$get()
    .then(async (res) => {
      if (res.ok) return ((await res.json()) as { user: SessionUser }).user
      // the route declares only its 200; a 401 (no session) or 403 is the server's own answer
      const status: number = res.status
      return status === 401 || status === 403 ? null : remembered()
    })
    .catch(() => remembered())
    .then((u) => {
      currentUser.value = u
      remember(u)
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
    remember(body.user)
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
  remember(null)
}

/** The server said the session ended (a 401): nobody is signed in here any more. */
export function sessionEnded(): void {
  currentUser.value = null
  remember(null)
}
