/**
 * The closed loop from the phone: an issue's timeline, its next steps, photo uploads and the
 * transition POST (api-contract "Issue states and transitions"; the server decides who may).
 */
import { api, fetchJson, unauthorized } from '../../api/client.ts'
import { POLICY, type Caller } from '../../../api/auth/policy.ts'
import { OPEN_STATUSES, TRANSITIONS, type ACTIONS } from '../../../api/issues/states.ts'
import { rememberedTaken, rememberTaken, takenOf, takenQuery } from '../evidence/taken.ts'

export type StepAction = (typeof ACTIONS)[number]

/** Every step of the loop, in the order the sheet offers them. */
export const PHONE_STEPS: readonly StepAction[] = ['assign', 'start', 'rectify', 'approve', 'reject', 'answer', 'reopen', 'merge']

/**
 * The steps a user of `role` can offer on an issue in `status`: the state machine's own table
 * (api/issues/states.ts) and the permission table the server enforces (api/auth/policy.ts), so the
 * phone never offers what the server would refuse by role. Whether the issue lies in the user's
 * grid or group is the server's to decide (it answers 404/403 with a message the sheet shows).
 */
export function nextSteps(status: string, role: string | undefined): StepAction[] {
  return PHONE_STEPS.filter((a) => {
    if (!(TRANSITIONS[a].from as readonly string[]).includes(status)) return false
    const rule = POLICY.find((r) => r.action === a)
    const outcome = role ? rule?.outcomes[role as Caller] : undefined
    return outcome === 'allow' || outcome === 'own'
  })
}

/** What offeredSteps needs to know about the issue and the user. */
export interface StepSubject {
  status: string
  group_code: string | null
  grid_code: string | null
  events: readonly { action: string; actor: string }[]
}

/**
 * nextSteps narrowed to this issue as the server's mayPerform narrows it: a group leader acts only
 * on their group's issues, a grid manager only in their grids, and nobody passes or fails the
 * 回头看 of a rectification they made themselves.
 */
export function offeredSteps(
  issue: StepSubject,
  user: { username: string; role: string; grids: string[]; group_code: string | null } | null | undefined,
): StepAction[] {
  if (!user) return []
  if (user.role === 'group_leader' && issue.group_code !== user.group_code) return []
  if (user.role === 'grid_manager' && !(issue.grid_code && user.grids.includes(issue.grid_code))) return []
  const lastRectify = [...issue.events].reverse().find((e) => e.action === 'rectify')
  const own = lastRectify?.actor === user.username
  return nextSteps(issue.status, user.role).filter((a) => !(own && (a === 'approve' || a === 'reject')))
}

/** GET /issues/:id: the issue with its whole timeline. */
export function loadIssue(id: number) {
  return fetchJson(api.issues[':id'].$get({ param: { id: String(id) }, query: {} }))
}
export type IssueDetail = Awaited<ReturnType<typeof loadIssue>>

/** Largest side of a photo sent from the phone; re-encoding also drops the camera's metadata. */
const MAX_SIDE = 1600

/** A camera photo made small enough for the 1 MiB upload limit: JPEG, longest side ≤ 1600 px. */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const taken = await takenOf(file) // before the re-encode drops the metadata
  const bitmap = await createImageBitmap(file)
  const k = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * k)
  canvas.height = Math.round(bitmap.height * k)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  const small = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', 0.85))
  rememberTaken(small, taken)
  return small
}

/** The API's error message for a failed response (a fetch Response or the typed client's). */
async function failure(res: { status: number; json(): Promise<unknown> }): Promise<Error> {
  if (res.status === 401) unauthorized()
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
  return new Error(body?.error?.message ?? `HTTP ${res.status}`)
}

/** POST /photos with the image bytes; returns the photo's id (a random UUID only its uploader may attach). */
export async function uploadPhoto(photo: Blob, taken = rememberedTaken(photo)): Promise<string> {
  const res = await fetch(`/api/v1/photos${takenQuery(taken)}`, {
    method: 'POST',
    body: photo,
    headers: { 'content-type': photo.type || 'application/octet-stream' },
  })
  if (!res.ok) throw await failure(res)
  return ((await res.json()) as { id: string }).id
}

/** POST /issues/:id/transitions; resolves with the issue as the server now has it, else throws its message. */
export async function takeStep(id: number, action: StepAction, note: string, photos: string[], target?: number): Promise<IssueDetail> {
  const json = {
    action,
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(photos.length ? { photos } : {}),
    ...(target ? { target_id: target } : {}),
  }
  const res = await api.issues[':id'].transitions.$post({ param: { id: String(id) }, query: {}, json })
  if (!res.ok) throw await failure(res)
  return (await res.json()) as IssueDetail
}

/** GET /issues/:id/duplicates: open issues of the same category nearby, the candidates to merge into. */
export function loadDuplicates(id: number) {
  return fetchJson(api.issues[':id'].duplicates.$get({ param: { id: String(id) }, query: {} }))
}
export type Duplicate = Awaited<ReturnType<typeof loadDuplicates>>['duplicates'][number]

/** GET /contacts: the grid managers of the issue's grid and the leaders of its group, with phones (for 督办). */
export function loadContacts(grid: string, group: string | null) {
  return fetchJson(api.contacts.$get({ query: { grid, ...(group ? { group } : {}) } }))
}
export type Contact = Awaited<ReturnType<typeof loadContacts>>['contacts'][number]

/** Whether `role` may 督办 an issue in `status`: the permission table's row, on an open issue. */
export function maySupervise(status: string, role: string | undefined): boolean {
  const rule = POLICY.find((r) => r.key === 'POST /issues/:id/supervise')
  return !!role && rule?.outcomes[role as Caller] === 'allow' && (OPEN_STATUSES as readonly string[]).includes(status)
}

/** POST /issues/:id/supervise: a leader's 督办 with a note; resolves with the issue as it now is. */
export async function supervise(id: number, note: string): Promise<IssueDetail> {
  const res = await api.issues[':id'].supervise.$post({ param: { id: String(id) }, query: {}, json: { note: note.trim() } })
  if (!res.ok) throw await failure(res)
  return (await res.json()) as IssueDetail
}
