/**
 * Sends the queued writes, oldest first, each with its Idempotency-Key (and each photo with its own),
 * so a retry after a lost answer gets the first answer back and the server writes nothing twice.
 * A network failure leaves the item waiting (retried on `online` and with a growing pause); an
 * answer the server would give again (409 the issue moved on, 404 deleted, 422 a bad photo …)
 * holds the item with the reason until the user retries or discards it. Nothing is dropped silently.
 */
import { ref, shallowRef } from 'vue'
import { currentUser } from '../../api/session.ts'
import { addWrite, deleteWrite, listWrites, putWrite, type Problem, type QueuedPhoto, type QueuedWrite } from './queue.db.ts'

export type SendResult =
  | { kind: 'sent'; status: number; json: Record<string, unknown> }
  | { kind: 'queued' }
  | { kind: 'network' }
  | { kind: 'login' }
  | { kind: 'refused'; problem: Problem; json: Record<string, unknown> | null }

/** The signed-in user's queue, as the indicator and the list show it. */
export const queued = shallowRef<QueuedWrite[]>([])
/** While sending: how many of how many, and which one. */
export const progress = ref<{ done: number; total: number; label: string } | null>(null)
/** Set when the last run stopped for want of a login. */
export const needsLogin = ref(false)

let owner = ''

/** Reads the user's queue again (after a change, or when the user changed). */
export async function refreshQueue(user = owner): Promise<void> {
  owner = user
  queued.value = user ? await listWrites(user) : []
}

const uuid = () => crypto.randomUUID()

/** A new queue item (not yet stored) for `user`, its photos each with their own key. */
export function newWrite(user: string, w: Pick<QueuedWrite, 'kind' | 'label' | 'issue' | 'body'>, photos: Blob[], query?: string[]): QueuedWrite {
  return {
    user,
    ...w,
    key: uuid(),
    at: new Date().toISOString(),
    photos: photos.map((blob, i) => ({ key: uuid(), blob, query: query?.[i] })),
    state: 'waiting',
  }
}

async function post(url: string, key: string, body: BodyInit, type: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': type, 'Idempotency-Key': key }, credentials: 'same-origin' })
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
  return { status: res.status, json }
}

const errorOf = (status: number, json: Record<string, unknown> | null) => {
  const e = (json?.error ?? {}) as { code?: string; message?: string }
  return { status, code: e.code ?? `http_${status}`, message: e.message ?? `HTTP ${status}` }
}

/** Uploads a photo not yet on the server; its id is kept on the item so a retry does not send it again. */
async function uploadPhoto(p: QueuedPhoto, n: number): Promise<SendResult | null> {
  let bytes: Blob
  try {
    // a blob whose stored bytes are gone (storage cleared under the page) cannot be read
    bytes = new Blob([await p.blob.arrayBuffer()], { type: p.blob.type })
  } catch (e) {
    return { kind: 'refused', problem: { status: 0, code: 'photo_unreadable', message: (e as Error).message, photo: n }, json: null }
  }
  const r = await post(`/api/v1/photos${p.query ? `?${p.query}` : ''}`, p.key, bytes, bytes.type || 'application/octet-stream')
  if (r.status === 201 && typeof r.json?.id === 'string') {
    p.id = r.json.id
    return null
  }
  return answerOf(r.status, r.json, n)
}

function answerOf(status: number, json: Record<string, unknown> | null, photo?: number): SendResult {
  if (status === 401) return { kind: 'login' }
  // the server or a proxy in between is down or overloaded: try again later, the keys make it safe
  if (status === 0 || status >= 500 || status === 429 || status === 408) return { kind: 'network' }
  return { kind: 'refused', problem: { ...errorOf(status, json), ...(photo !== undefined ? { photo } : {}) }, json }
}

/** Sends one item: its photos first (saving each id as it comes), then the write. */
export async function sendWrite(w: QueuedWrite): Promise<SendResult> {
  try {
    for (const [n, p] of w.photos.entries()) {
      if (p.id) continue
      const failed = await uploadPhoto(p, n)
      if (failed) return failed
      await putWrite(w)
    }
    const photos = w.photos.map((p) => p.id!)
    const body = JSON.stringify({ ...w.body, ...(photos.length ? { photos } : {}) })
    const url = w.kind === 'report' ? '/api/v1/issues' : `/api/v1/issues/${w.issue}/transitions`
    const r = await post(url, w.key, body, 'application/json')
    if (r.status === 200 || r.status === 201) return { kind: 'sent', status: r.status, json: r.json ?? {} }
    return answerOf(r.status, r.json)
  } catch {
    return { kind: 'network' }
  }
}

type Detail = { properties: { status: string; events: { action: string; actor: string; at: string; data?: { target_id?: number } }[] } }

/** What happened to an issue while the phone was away: its latest step, read back from the server. */
async function latestStep(id: number): Promise<Problem['latest']> {
  const d = (await fetch(`/api/v1/issues/${id}`, { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null)) as Detail | null
  const e = d?.properties.events.at(-1)
  if (!d || !e) return undefined
  return { action: e.action, actor: e.actor, at: e.at, status: d.properties.status, ...(e.data?.target_id ? { target: e.data.target_id } : {}) }
}

/** One sender at a time, across the phone's tabs too where the browser has Web Locks. */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks
  return locks ? (locks.request('cgm-sync', fn) as Promise<T>) : fn()
}

/**
 * Stores a write and sends it at once. Sent: it leaves the queue. No network: it stays queued. Refused
 * now (the form is still open): it leaves the queue and the form shows why, so nothing is kept twice.
 */
export async function submitWrite(w: QueuedWrite): Promise<Exclude<SendResult, { kind: 'network' }>> {
  const stored = await addWrite(w)
  await refreshQueue()
  const r = await exclusive(async () => {
    // a background run may have sent it meanwhile
    if (!(await listWrites(stored.user)).some((x) => x.seq === stored.seq)) return { kind: 'network' } as SendResult
    const res = await sendWrite(stored)
    if (res.kind === 'sent' || res.kind === 'refused') await deleteWrite(stored.seq!)
    return res
  })
  await refreshQueue()
  if (r.kind === 'login') needsLogin.value = true
  else scheduleRetry(r.kind === 'network')
  return r.kind === 'network' ? { kind: 'queued' } : r
}

/** The issues with an earlier item still held or failing: later steps on them wait behind it. */
const blockedBy = (held: QueuedWrite[], w: QueuedWrite) => w.issue !== undefined && held.some((h) => h.issue === w.issue && h.seq! < w.seq!)

/** Sends every waiting item in order; stops at the first network failure. Returns how many went. */
export function syncNow(): Promise<number> {
  // only the signed-in owner's items, and only while they are signed in (a logout on another view
  // leaves no component to stop the sync, and the browser's `online` event still comes)
  if (!owner || currentUser.value?.username !== owner) return Promise.resolve(0)
  return exclusive(async () => {
    const items = (await listWrites(owner)).filter((w) => w.state === 'waiting')
    const held = (await listWrites(owner)).filter((w) => w.state === 'held')
    let sent = 0
    let offline = false
    progress.value = items.length ? { done: 0, total: items.length, label: items[0].label } : null
    for (const [i, w] of items.entries()) {
      progress.value = { done: i, total: items.length, label: w.label }
      if (blockedBy(held, w)) continue
      const r = await sendWrite(w)
      if (r.kind === 'network') {
        offline = true
        break
      }
      if (r.kind === 'login') {
        needsLogin.value = true
        break
      }
      needsLogin.value = false
      if (r.kind === 'sent') {
        await deleteWrite(w.seq!)
        sent++
      } else if (r.kind === 'refused') {
        held.push(w)
        const latest = r.problem.status === 409 && w.issue ? await latestStep(w.issue) : undefined
        await putWrite({ ...w, state: 'held', problem: { ...r.problem, ...(latest ? { latest } : {}) } })
      }
      await refreshQueue()
    }
    progress.value = null
    await refreshQueue()
    scheduleRetry(offline)
    return sent
  })
}

let timer: ReturnType<typeof setTimeout> | null = null
let pause = 5_000

/** After a network failure, tries again in 5 s, 10 s, … up to a minute; after a success, stops. */
function scheduleRetry(failed: boolean) {
  if (timer) clearTimeout(timer)
  timer = null
  if (!failed) return void (pause = 5_000)
  timer = setTimeout(() => void syncNow(), pause)
  pause = Math.min(60_000, pause * 2)
}

/** The user asks again: the item waits in its place and a run starts. */
export async function retryWrite(w: QueuedWrite): Promise<void> {
  await putWrite({ ...w, state: 'waiting', problem: undefined })
  await refreshQueue()
  await syncNow()
}

/** Sends the item without the photo the server refused (or that could not be read). */
export async function dropPhoto(w: QueuedWrite, n: number): Promise<void> {
  await putWrite({ ...w, photos: w.photos.filter((_, i) => i !== n), state: 'waiting', problem: undefined })
  await refreshQueue()
  await syncNow()
}

/** The user gives the item up. */
export async function discardWrite(w: QueuedWrite): Promise<void> {
  await deleteWrite(w.seq!)
  await refreshQueue()
}

/** Starts syncing for `user`: now, whenever the browser comes online, and when the page is shown again. */
export function startSync(user: string): void {
  void refreshQueue(user).then(() => syncNow())
  if (started) return
  started = true
  window.addEventListener('online', () => void syncNow())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow()
  })
}
let started = false

/** Nobody is signed in (logout): nothing is sent until someone signs in, and their own queue is read then. */
export function stopSync(): void {
  owner = ''
  queued.value = []
  progress.value = null
  if (timer) clearTimeout(timer)
  timer = null
}
