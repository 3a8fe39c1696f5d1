/**
 * The phone's queue of writes made offline, kept in IndexedDB (through `idb`) so reports, steps and
 * their photo blobs survive closing the browser. Items are sent in `seq` order (sync.ts).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb'

/** A photo waiting to go up: its bytes, its own Idempotency-Key, and the server's id once uploaded. */
export type QueuedPhoto = { key: string; blob: Blob; id?: string; query?: string }

/** Why an item was held for the user to decide (a 4xx the server will answer again on a retry). */
export type Problem = {
  status: number
  code: string
  message: string
  /** index of the photo the server refused */
  photo?: number
  /** for a 409: the issue's latest step as the server has it (action, actor, time, merge target) */
  latest?: { action: string; actor: string; at: string; status: string; target?: number }
}

export type QueuedWrite = {
  seq?: number
  /** who made it: only that user's items are shown and sent */
  user: string
  kind: 'report' | 'step'
  /** Idempotency-Key of the write itself (a UUID made when it was queued) */
  key: string
  at: string
  /** what the list shows: the description, or the step and its issue */
  label: string
  /** the issue a step is for */
  issue?: number
  /** the JSON body without photo ids (they are added once uploaded) */
  body: Record<string, unknown>
  photos: QueuedPhoto[]
  state: 'waiting' | 'held'
  problem?: Problem
}

interface QueueDb extends DBSchema {
  writes: { key: number; value: QueuedWrite }
}

let db: Promise<IDBPDatabase<QueueDb>> | null = null

function open() {
  db ??= openDB<QueueDb>('cgm-offline', 1, {
    upgrade(d) {
      d.createObjectStore('writes', { keyPath: 'seq', autoIncrement: true })
    },
  })
  return db
}

/** Stores a new item; returns it with its sequence number. */
export async function addWrite(w: QueuedWrite): Promise<QueuedWrite> {
  const seq = await (await open()).add('writes', w)
  return { ...w, seq }
}

/** Saves an item's new state (photo ids, held problem). */
export async function putWrite(w: QueuedWrite): Promise<void> {
  await (await open()).put('writes', w)
}

export async function deleteWrite(seq: number): Promise<void> {
  await (await open()).delete('writes', seq)
}

/** The user's items in the order they were made. */
export async function listWrites(user: string): Promise<QueuedWrite[]> {
  return (await (await open()).getAll('writes')).filter((w) => w.user === user).sort((a, b) => a.seq! - b.seq!)
}
