/**
 * The wall display's kiosk token: given once in the address (`/screen#token=…`), kept on this device
 * and sent as `Authorization: Bearer` on every API call, so a deployment can close anonymous reads.
 */
const KEY = 'cgm.kiosk.token'
const TOKEN = /^[A-Za-z0-9_-]{16,200}$/

/** Moves a `#token=…` from the address into storage and removes it from the address bar and history. */
export function captureKioskToken(): void {
  const m = location.hash.match(/(?:^#|&)token=([^&]+)/)
  if (!m) return
  const token = decodeURIComponent(m[1])
  if (TOKEN.test(token)) localStorage.setItem(KEY, token)
  history.replaceState(history.state, '', location.pathname + location.search)
}

/** The stored kiosk token, if this device has one. */
export function kioskToken(): string | null {
  return typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)
}

/** Forgets the kiosk token (e.g. when the server says it was revoked). */
export function dropKioskToken(): void {
  localStorage.removeItem(KEY)
}

/** Headers every API request carries: the kiosk bearer when there is one (the session cookie rides along by itself). */
export function authHeaders(): Record<string, string> {
  const t = kioskToken()
  return t ? { authorization: `Bearer ${t}` } : {}
}
