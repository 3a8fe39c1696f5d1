/** Helpers of the 督查测评 tests: photo uploads, a point of a class, and answers to a checklist. */
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { PLAIN_JPEG } from '../photos/test-images.ts'

/** Uploads a JPEG as `who`; returns its id. */
export async function uploadPhoto(who = 'inspector'): Promise<string> {
  const app = await testApp()
  const res = await app.request('/api/v1/photos', {
    method: 'POST',
    headers: { 'Content-Type': 'image/jpeg', cookie: await cookieOf(who) },
    body: new Uint8Array(PLAIN_JPEG),
  })
  if (res.status !== 201) throw new Error(`upload failed: ${res.status}`)
  return ((await res.json()) as Json).id as string
}

/** The `k`-th point (by code) of a class, with its grid and community. */
export async function pointOf(classCode: string, k = 0) {
  const db = await testDb()
  const [p] = await db.query<{ code: string; name: string; grid_code: string; community_code: string }>(
    'SELECT code, name, grid_code, community_code FROM field_points WHERE class_code = $1 ORDER BY code OFFSET $2 LIMIT 1',
    [classCode, k],
  )
  if (!p) throw new Error(`no point ${k} of class ${classCode}`)
  return p
}

/** The current checklist of a class, as the API serves it. */
export async function checklistOf(classCode: string): Promise<Json> {
  const r = await send('GET', `/api/v1/checklists?class=${classCode}`)
  return r.body[0] as Json
}

/** Answers every item: those in `fail` fail (with a photo when required, uploaded by `who`), the rest pass. */
export async function answers(list: Json, fail: string[] = [], note = '', who = 'inspector') {
  const out = []
  for (const i of list.items as Json[]) {
    const failed = fail.includes(i.code)
    out.push({ code: i.code, pass: !failed, ...(failed ? { note, ...(i.photo_required ? { photos: [await uploadPhoto(who)] } : {}) } : {}) })
  }
  return out
}
